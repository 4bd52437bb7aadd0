package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.ComposeManagerAttestation;
import dev.verifiedproxy.eventlog.DstackInfo;
import dev.verifiedproxy.eventlog.EventLog;
import dev.verifiedproxy.eventlog.FormatFailure;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.JsonInput;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads NEAR's {@code /v1/attestation/report} body into a {@link NearReport} (protocol.md §2):
 * bounded, strict about what verification needs, tolerant of fields it does not use
 * ({@code vpc}, {@code ohttp_*}, ...). Accepts {@code event_log} as an array or a JSON string and
 * {@code tcb_info} as an object or a JSON string.
 */
public final class NearReports {

    /** The largest real report is about 350 KB (direct, with 8-GPU evidence and compose-manager log). */
    public static final long MAX_REPORT_BYTES = 16L * 1024 * 1024;
    public static final int MAX_MODEL_ATTESTATIONS = 64;
    private static final int MAX_QUOTE_BYTES = 64 * 1024;
    private static final int MAX_NVIDIA_PAYLOAD_CHARS = 8 * 1024 * 1024;
    private static final int MAX_TEXT_CHARS = 256 * 1024;

    private NearReports() {
    }

    /**
     * Parses a report body.
     *
     * @throws MalformedEvidenceException with the reason and JSON path of the first problem
     */
    public static NearReport parse(byte[] body) {
        return parse(body, MAX_REPORT_BYTES);
    }

    /** As {@link #parse(byte[])} with the caller's size limit (e.g. the configured one), at most {@link #MAX_REPORT_BYTES}. */
    public static NearReport parse(byte[] body, long maxBytes) {
        return parse(JsonInput.object(JsonInput.parse(body, Math.min(maxBytes, MAX_REPORT_BYTES), "$"), "$"));
    }

    public static NearReport parse(JsonObject report) {
        if (report.containsKey("gateway_attestation")) {
            CvmAttestation gateway = attestation(JsonInput.object(report.get("gateway_attestation"), "$.gateway_attestation"),
                    "$.gateway_attestation");
            List<CvmAttestation> models = list(report, "model_attestations");
            return new GatewayReport(gateway, models,
                    JsonInput.optionalString(report, "tls_certificate", "$", MAX_TEXT_CHARS));
        }
        if (report.containsKey("intel_quote")) {
            return new DirectReport(attestation(report, "$"), list(report, "all_attestations"));
        }
        throw new MalformedEvidenceException(FormatFailure.UNKNOWN_SHAPE, "$",
                "neither gateway_attestation nor intel_quote at the top level");
    }

    private static List<CvmAttestation> list(JsonObject report, String key) {
        Optional<JsonValue> value = JsonInput.field(report, key);
        if (value.isEmpty()) {
            return List.of();
        }
        JsonArray array = JsonInput.array(value.get(), "$." + key, MAX_MODEL_ATTESTATIONS);
        List<CvmAttestation> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "$." + key + "[" + i + "]";
            out.add(attestation(JsonInput.object(array.get(i), path), path));
        }
        return out;
    }

    /** One CVM attestation at {@code path}. */
    public static CvmAttestation attestation(JsonObject json, String path) {
        JsonArray log = JsonInput.arrayOrEmbedded(JsonInput.required(json, "event_log", path), path + ".event_log",
                EventLog.MAX_ENTRIES, EventLog.MAX_JSON_CHARS);
        return new CvmAttestation(
                JsonInput.optionalString(json, "model_name", path, 1024),
                signingKey(json, path),
                JsonInput.hex(json, "request_nonce", path, 32),
                JsonInput.anyHex(JsonInput.string(json, "intel_quote", path, MAX_QUOTE_BYTES * 2 + 2), path + ".intel_quote",
                        MAX_QUOTE_BYTES),
                EventLog.parse(log, path + ".event_log"),
                DstackInfo.fromJson(JsonInput.object(JsonInput.required(json, "info", path), path + ".info"), path + ".info"),
                JsonInput.optionalHex(json, "tls_cert_fingerprint", path, 32),
                JsonInput.optionalString(json, "nvidia_payload", path, MAX_NVIDIA_PAYLOAD_CHARS),
                JsonInput.field(json, "compose_manager_attestation").map(v -> ComposeManagerAttestation.fromJson(
                        JsonInput.object(v, path + ".compose_manager_attestation"), path + ".compose_manager_attestation")),
                JsonInput.optionalHex(json, "report_data", path, 64));
    }

    private static SigningKey signingKey(JsonObject json, String path) {
        String algoText = JsonInput.string(json, "signing_algo", path, 32);
        SigningAlgo algo = SigningAlgo.parse(algoText).orElseThrow(() -> new MalformedEvidenceException(
                FormatFailure.UNSUPPORTED_VALUE, path + ".signing_algo", "'" + algoText + "' is neither ecdsa nor ed25519"));
        String address = JsonInput.string(json, "signing_address", path, 130);
        String addressBytes = JsonInput.hexText(address, path + ".signing_address", algo.addressBytes());
        Optional<String> publicKey = JsonInput.optionalString(json, "signing_public_key", path, 260)
                .map(k -> Hex.decode(k).map(Hex::encode).orElseThrow(() ->
                        new MalformedEvidenceException(FormatFailure.BAD_HEX, path + ".signing_public_key", "not hex")));
        return new SigningKey(algo, address, addressBytes, publicKey);
    }
}
