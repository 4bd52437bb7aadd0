package dev.verifiedproxy.collateral;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.quote.Bytes;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * JSON in and out for collateral: Intel's {@code tcbInfo} and {@code enclaveIdentity} texts (parsed for their
 * values only; the signature is always checked over the original text), and dcap-qvl's
 * {@code QuoteCollateralV3} object (snake_case keys, byte fields as hex: either case in, lower case out,
 * unknown keys ignored). Strict like dcap-qvl's serde structs: a missing required field, an SVN out of its
 * integer range, a hex field of the wrong length or an unknown status string is an error.
 */
public final class CollateralJson {

    private static final HexFormat HEX = HexFormat.of();

    private CollateralJson() {
    }

    // ------------------------------------------------------------------ QuoteCollateralV3

    /** Reads a QuoteCollateralV3 object. */
    public static QuoteCollateral quoteCollateral(JsonObject o) throws CollateralFormatException {
        return new QuoteCollateral.Builder()
                .pckCrlIssuerChain(string(o, "pck_crl_issuer_chain"))
                .rootCaCrl(hex(o, "root_ca_crl", -1))
                .pckCrl(hex(o, "pck_crl", -1))
                .tcbInfoIssuerChain(string(o, "tcb_info_issuer_chain"))
                .tcbInfo(string(o, "tcb_info"))
                .tcbInfoSignature(hex(o, "tcb_info_signature", -1))
                .qeIdentityIssuerChain(string(o, "qe_identity_issuer_chain"))
                .qeIdentity(string(o, "qe_identity"))
                .qeIdentitySignature(hex(o, "qe_identity_signature", -1))
                .pckCertificateChain(o.containsKey("pck_certificate_chain")
                        && o.get("pck_certificate_chain").getValueType() != JsonValue.ValueType.NULL
                        ? string(o, "pck_certificate_chain") : null)
                .build();
    }

    /** Reads a QuoteCollateralV3 JSON text. */
    public static QuoteCollateral quoteCollateral(String json) throws CollateralFormatException {
        return quoteCollateral(object(json, "collateral"));
    }

    /** Writes a QuoteCollateralV3 object (dcap-qvl's key order; {@code pck_certificate_chain} only when present). */
    public static JsonObject toJson(QuoteCollateral c) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("pck_crl_issuer_chain", c.pckCrlIssuerChain())
                .add("root_ca_crl", HEX.formatHex(c.rootCaCrl()))
                .add("pck_crl", HEX.formatHex(c.pckCrl()))
                .add("tcb_info_issuer_chain", c.tcbInfoIssuerChain())
                .add("tcb_info", c.tcbInfo())
                .add("tcb_info_signature", HEX.formatHex(c.tcbInfoSignature()))
                .add("qe_identity_issuer_chain", c.qeIdentityIssuerChain())
                .add("qe_identity", c.qeIdentity())
                .add("qe_identity_signature", HEX.formatHex(c.qeIdentitySignature()));
        if (c.pckCertificateChain() != null) {
            b.add("pck_certificate_chain", c.pckCertificateChain());
        }
        return b.build();
    }

    // ------------------------------------------------------------------ TCB info

    /** Parses the exact {@code tcb_info} text. */
    public static TcbInfo tcbInfo(String json) throws CollateralFormatException {
        JsonObject o = object(json, "TCB info");
        TdxModule module = null;
        if (o.containsKey("tdxModule")) {
            JsonObject m = obj(o, "tdxModule");
            module = new TdxModule("", bytes(m, "mrsigner", 48), bytes(m, "attributes", 8),
                    bytes(m, "attributesMask", 8), List.of());
        }
        List<TdxModule> identities = new ArrayList<>();
        if (o.containsKey("tdxModuleIdentities")) {
            for (JsonObject m : objects(o, "tdxModuleIdentities")) {
                identities.add(new TdxModule(string(m, "id"), bytes(m, "mrsigner", 48), bytes(m, "attributes", 8),
                        bytes(m, "attributesMask", 8), isvLevels(m, 255)));
            }
        }
        List<TcbLevel> levels = new ArrayList<>();
        for (JsonObject level : objects(o, "tcbLevels")) {
            JsonObject tcb = obj(level, "tcb");
            levels.add(new TcbLevel(components(tcb, "sgxtcbcomponents", true), (int) integer(tcb, "pcesvn", 0xFFFF),
                    components(tcb, "tdxtcbcomponents", false), string(level, "tcbDate"), status(level),
                    advisories(level)));
        }
        return new TcbInfo(string(o, "id"), (int) integer(o, "version", 255), date(o, "issueDate"),
                date(o, "nextUpdate"), bytes(o, "fmspc", 6), bytes(o, "pceId", 2), integer(o, "tcbType", 0xFFFFFFFFL),
                integer(o, "tcbEvaluationDataNumber", 0xFFFFFFFFL), module, identities, levels);
    }

    // ------------------------------------------------------------------ QE identity

    /** Parses the exact {@code qe_identity} text. */
    public static QeIdentity qeIdentity(String json) throws CollateralFormatException {
        JsonObject o = object(json, "QE identity");
        return new QeIdentity(string(o, "id"), (int) integer(o, "version", 255), date(o, "issueDate"),
                date(o, "nextUpdate"), integer(o, "tcbEvaluationDataNumber", 0xFFFFFFFFL), bytes(o, "miscselect", 4),
                bytes(o, "miscselectMask", 4), bytes(o, "attributes", 16), bytes(o, "attributesMask", 16),
                bytes(o, "mrsigner", 32), (int) integer(o, "isvprodid", 0xFFFF), isvLevels(o, 0xFFFF));
    }

    // ------------------------------------------------------------------ helpers

    /** Parses a JSON object text; anything else is a format error. */
    public static JsonObject object(String json, String what) throws CollateralFormatException {
        try (JsonReader reader = JsonProviders.reader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new CollateralFormatException(what + " is not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            // JsonProviders.reader turns Parsson's NumberFormatException for an exponent beyond int range
            // ("1e99999999999"; found by CollateralJsonFuzzTest) into a JsonException: malformed input too.
            throw new CollateralFormatException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static List<IsvTcbLevel> isvLevels(JsonObject o, long maxSvn) throws CollateralFormatException {
        List<IsvTcbLevel> levels = new ArrayList<>();
        for (JsonObject level : objects(o, "tcbLevels")) {
            levels.add(new IsvTcbLevel((int) integer(obj(level, "tcb"), "isvsvn", maxSvn), string(level, "tcbDate"),
                    status(level), advisories(level)));
        }
        return levels;
    }

    private static Bytes components(JsonObject tcb, String key, boolean required) throws CollateralFormatException {
        if (!tcb.containsKey(key) && !required) {
            return Bytes.empty();
        }
        List<JsonObject> entries = objects(tcb, key);
        byte[] svns = new byte[entries.size()];
        for (int i = 0; i < svns.length; i++) {
            svns[i] = (byte) integer(entries.get(i), "svn", 255);
        }
        return Bytes.of(svns);
    }

    private static TcbStatus status(JsonObject level) throws CollateralFormatException {
        String text = string(level, "tcbStatus");
        TcbStatus status = TcbStatus.fromText(text);
        if (status == null) {
            throw new CollateralFormatException("unknown tcbStatus '" + text + "'");
        }
        return status;
    }

    private static List<String> advisories(JsonObject level) throws CollateralFormatException {
        if (!level.containsKey("advisoryIDs")) {
            return List.of();
        }
        JsonArray array = array(level, "advisoryIDs");
        List<String> out = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw new CollateralFormatException("advisoryIDs must hold strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    private static JsonValue value(JsonObject o, String key) throws CollateralFormatException {
        JsonValue v = o.get(key);
        if (v == null) {
            throw new CollateralFormatException("missing field '" + key + "'");
        }
        return v;
    }

    static String string(JsonObject o, String key) throws CollateralFormatException {
        if (!(value(o, key) instanceof JsonString s)) {
            throw new CollateralFormatException("field '" + key + "' must be a string");
        }
        return s.getString();
    }

    private static JsonObject obj(JsonObject o, String key) throws CollateralFormatException {
        JsonValue v = value(o, key);
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new CollateralFormatException("field '" + key + "' must be an object");
        }
        return v.asJsonObject();
    }

    private static JsonArray array(JsonObject o, String key) throws CollateralFormatException {
        JsonValue v = value(o, key);
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new CollateralFormatException("field '" + key + "' must be an array");
        }
        return v.asJsonArray();
    }

    private static List<JsonObject> objects(JsonObject o, String key) throws CollateralFormatException {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : array(o, key)) {
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new CollateralFormatException("field '" + key + "' must hold objects");
            }
            out.add(v.asJsonObject());
        }
        return out;
    }

    private static long integer(JsonObject o, String key, long max) throws CollateralFormatException {
        if (!(value(o, key) instanceof JsonNumber n) || !n.isIntegral()) {
            throw new CollateralFormatException("field '" + key + "' must be an integer");
        }
        long v;
        try {
            v = n.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new CollateralFormatException("field '" + key + "' is out of range");
        }
        if (v < 0 || v > max) {
            throw new CollateralFormatException("field '" + key + "' = " + v + " is outside 0.." + max);
        }
        return v;
    }

    private static Bytes bytes(JsonObject o, String key, int length) throws CollateralFormatException {
        return Bytes.of(hex(o, key, length));
    }

    /** A hex string field (either case); {@code length} bytes exactly, or any length when negative. */
    private static byte[] hex(JsonObject o, String key, int length) throws CollateralFormatException {
        String text = string(o, key);
        byte[] bytes;
        try {
            bytes = HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new CollateralFormatException("field '" + key + "' is not hex");
        }
        if (length >= 0 && bytes.length != length) {
            throw new CollateralFormatException("field '" + key + "' must be " + length + " bytes, not " + bytes.length);
        }
        return bytes;
    }

    private static Instant date(JsonObject o, String key) throws CollateralFormatException {
        String text = string(o, key);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new CollateralFormatException("field '" + key + "' is not an RFC 3339 date: " + text);
        }
    }
}
