package dev.verifiedproxy.sigstore;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import static dev.verifiedproxy.sigstore.JsonFields.Malformed;

/**
 * A DSSE envelope ({@code {"payloadType", "payload", "signatures": [{"sig", "keyid"}]}}), as a Sigstore
 * bundle's {@code dsseEnvelope} carries it. Needed because a Rekor {@code dsse} entry logs only hashes.
 *
 * @param payloadType e.g. {@code application/vnd.in-toto+json}
 * @param payload     base64 of the payload, as sent
 * @param signatures  base64 of each signature ({@code sig}), as sent
 */
public record DsseEnvelope(String payloadType, String payload, List<String> signatures) {

    /** Provenance statements run to tens of KiB; SBOM attestations can be larger. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    public DsseEnvelope {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        signatures = List.copyOf(signatures);
        Base64.getDecoder().decode(payload);
        signatures.forEach(s -> Base64.getDecoder().decode(s));
    }

    public static DsseEnvelope parse(byte[] json) throws ArtifactFormatException {
        try {
            JsonObject envelope = JsonFields.object(JsonFields.parse(json, MAX_BYTES, "DSSE envelope"), "$");
            String payloadType = JsonFields.string(envelope, "payloadType", "$", 256);
            String payload = JsonFields.string(envelope, "payload", "$", MAX_BYTES);
            JsonFields.base64(payload, "$.payload", MAX_BYTES);
            JsonArray signatures = JsonFields.array(JsonFields.required(envelope, "signatures", "$"), "$.signatures",
                    1, 16);
            List<String> sigs = new ArrayList<>();
            for (int i = 0; i < signatures.size(); i++) {
                String path = "$.signatures[" + i + "]";
                String sig = JsonFields.string(JsonFields.object(signatures.get(i), path), "sig", path, 4096);
                JsonFields.base64(sig, path + ".sig", 4096);
                sigs.add(sig);
            }
            return new DsseEnvelope(payloadType, payload, sigs);
        } catch (Malformed e) {
            throw new ArtifactFormatException(ArtifactFailure.ENVELOPE_MALFORMED, e.getMessage());
        }
    }

    public byte[] payloadBytes() {
        return Base64.getDecoder().decode(payload);
    }

    /** DSSE's pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}. */
    public byte[] preAuthenticationEncoding() {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] body = payloadBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
