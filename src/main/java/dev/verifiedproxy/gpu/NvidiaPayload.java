package dev.verifiedproxy.gpu;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A model attestation's {@code nvidia_payload}, parsed (gpu.md §1.2-1.3, protocol.md §2.4.4):
 * {@code {"nonce", "arch", "evidence_list": [{"evidence", "certificate"[, "arch"][, "nonce"]}]}}.
 * Key order, whitespace and unknown fields do not matter; {@link #raw()} keeps the exact text,
 * which is what NRAS must receive. Parsing only: nothing is verified here.
 *
 * @param raw          the payload exactly as received
 * @param nonce        the top-level {@code nonce} text
 * @param arch         the top-level {@code arch}
 * @param evidenceList one decoded item per GPU, in payload order
 */
public record NvidiaPayload(String raw, String nonce, String arch, List<EvidenceItem> evidenceList) {

    /** More GPUs than any machine has: a payload with more items is refused unread. */
    public static final int MAX_GPUS = 64;
    private static final int MAX_CERTIFICATE_TEXT = 64 * 1024;

    public NvidiaPayload {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(arch, "arch");
        evidenceList = List.copyOf(evidenceList);
    }

    /**
     * @throws GpuFormatException with {@link GpuFailure#PAYLOAD_NOT_JSON}, {@link GpuFailure#PAYLOAD_FIELD_INVALID},
     *                            {@link GpuFailure#EVIDENCE_MALFORMED} or {@link GpuFailure#CERTIFICATES_MALFORMED}
     */
    public static NvidiaPayload parse(String json) throws GpuFormatException {
        JsonObject object = readObject(json);
        String nonce = string(object, "nonce", "payload");
        String arch = string(object, "arch", "payload");
        JsonValue list = object.get("evidence_list");
        if (!(list instanceof JsonArray items) || items.isEmpty()) {
            throw new GpuFormatException(GpuFailure.PAYLOAD_FIELD_INVALID, "evidence_list is missing or empty");
        }
        if (items.size() > MAX_GPUS) {
            throw new GpuFormatException(GpuFailure.PAYLOAD_FIELD_INVALID, "evidence_list has " + items.size()
                    + " items, more than " + MAX_GPUS);
        }
        List<EvidenceItem> evidence = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof JsonObject item)) {
                throw new GpuFormatException(GpuFailure.PAYLOAD_FIELD_INVALID, "evidence_list[" + i + "] is not an object");
            }
            evidence.add(item(i, item));
        }
        return new NvidiaPayload(json, nonce, arch, evidence);
    }

    private static JsonObject readObject(String json) throws GpuFormatException {
        if (!(GpuJson.read(json, GpuFailure.PAYLOAD_NOT_JSON, "nvidia_payload") instanceof JsonObject object)) {
            throw new GpuFormatException(GpuFailure.PAYLOAD_NOT_JSON, "nvidia_payload is JSON but not an object");
        }
        return object;
    }

    private static EvidenceItem item(int index, JsonObject item) throws GpuFormatException {
        String where = "evidence_list[" + index + "]";
        String arch = optionalString(item, "arch", where);
        String nonce = optionalString(item, "nonce", where);
        byte[] decoded = base64(string(item, "evidence", where), GpuFailure.EVIDENCE_MALFORMED, where + ".evidence");
        EvidenceItem.Encoding encoding = EvidenceItem.Encoding.BASE64;
        if (isHexText(decoded)) {
            encoding = EvidenceItem.Encoding.BASE64_HEX_TEXT;
            decoded = hexText(decoded, where);
        }
        SpdmMeasurements measurements;
        try {
            measurements = SpdmMeasurements.parse(decoded);
        } catch (GpuFormatException e) {
            throw new GpuFormatException(e.reason(), where + ": " + e.getMessage());
        }
        byte[] pem = base64(string(item, "certificate", where), GpuFailure.CERTIFICATES_MALFORMED, where + ".certificate");
        return new EvidenceItem(index, arch, nonce, encoding, measurements, certificates(pem, where));
    }

    /** Legacy evidence decodes to ASCII hex starting "11e0" (SPDM 1.1 GET_MEASUREMENTS) rather than 0x11 0xE0. */
    private static boolean isHexText(byte[] decoded) {
        return decoded.length >= 4 && new String(decoded, 0, 4, StandardCharsets.US_ASCII).equalsIgnoreCase("11e0");
    }

    private static byte[] hexText(byte[] text, String where) throws GpuFormatException {
        try {
            return HexFormat.of().parseHex(new String(text, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, where + ".evidence looks like hex text but is not: "
                    + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(byte[] pem, String where) throws GpuFormatException {
        if (pem.length > MAX_CERTIFICATE_TEXT) {
            throw new GpuFormatException(GpuFailure.CERTIFICATES_MALFORMED, where + ".certificate exceeds "
                    + MAX_CERTIFICATE_TEXT + " bytes");
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new GpuFormatException(GpuFailure.CERTIFICATES_MALFORMED, where + ".certificate holds no certificate");
            }
            return chain;
        } catch (CertificateException | ClassCastException e) {
            throw new GpuFormatException(GpuFailure.CERTIFICATES_MALFORMED, where + ".certificate is not a PEM chain: "
                    + e.getMessage());
        }
    }

    private static byte[] base64(String text, GpuFailure failure, String where) throws GpuFormatException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new GpuFormatException(failure, where + " is not base64: " + e.getMessage());
        }
    }

    private static String string(JsonObject object, String field, String where) throws GpuFormatException {
        String value = optionalString(object, field, where);
        if (value == null) {
            throw new GpuFormatException(GpuFailure.PAYLOAD_FIELD_INVALID, where + "." + field + " is missing");
        }
        return value;
    }

    private static String optionalString(JsonObject object, String field, String where) throws GpuFormatException {
        JsonValue value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new GpuFormatException(GpuFailure.PAYLOAD_FIELD_INVALID, where + "." + field + " is not a string");
        }
        return text.getString();
    }
}
