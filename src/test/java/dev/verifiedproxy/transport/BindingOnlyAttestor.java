package dev.verifiedproxy.transport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

/**
 * Test-only verifier for the transport's mechanics (pooling, single flight, rotation): it checks
 * that a direct report binds the live SPKI, the signing address and the nonce in the quote's
 * report data (offset 568 of a v4 TDX quote), and nothing else — no quote signature, no TCB. For
 * the gateway shape it checks the gateway's attestation and, when the report was asked for a model,
 * reports the first model attestation's signer, key and model (without checking that it is the model
 * asked for: that is the real verifier's and the pool's job), and the gateway's address.
 * Transport tests of failure modes that need real quote verification use the production verifier.
 */
final class BindingOnlyAttestor implements BackendAttestor {

    @Override
    public AttestationOutcome attest(AttestationRequest request) {
        try {
            JsonObject report = Json.createReader(new ByteArrayInputStream(request.reportBody())).readObject();
            // The gateway shape binds the gateway's own attestation to the connection; its model
            // attestation says which key signs the model's answers and takes E2EE.
            boolean gateway = report.containsKey("gateway_attestation");
            JsonObject bound = gateway ? report.getJsonObject("gateway_attestation") : report;
            byte[] quote = Hex.decode(bound.getString("intel_quote"));
            byte[] reportData = Arrays.copyOfRange(quote, 568, 632);
            byte[] fingerprint = Hex.decode(bound.getString("tls_cert_fingerprint"));
            if (!request.liveSpki().matches(fingerprint)) {
                return AttestationOutcome.failed("tls_binding", "live SPKI differs from tls_cert_fingerprint");
            }
            String address = bound.getString("signing_address").replaceFirst("^0x", "");
            byte[] addressBytes = Hex.decode(address);
            byte[] both = Arrays.copyOf(addressBytes, addressBytes.length + 32);
            System.arraycopy(fingerprint, 0, both, addressBytes.length, 32);
            byte[] expected = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(both), 64);
            System.arraycopy(request.nonce(), 0, expected, 32, 32);
            if (!MessageDigest.isEqual(expected, reportData)) {
                return AttestationOutcome.failed("report_data", "report data does not bind key, SPKI and nonce");
            }
            JsonObject model = !gateway ? report : request.model() != null && report.containsKey("model_attestations")
                    ? report.getJsonArray("model_attestations").getJsonObject(0) : null;
            return new AttestationOutcome(true, null, "binding verified", Instant.MAX, "UpToDate",
                    model == null ? null : model.getString("signing_address"),
                    model == null ? null : model.getString("signing_public_key"),
                    model == null ? null : model.getString("model_name"), null,
                    gateway ? bound.getString("signing_address") : null);
        } catch (Exception e) {
            return AttestationOutcome.failed("report_format", e.toString());
        }
    }
}
