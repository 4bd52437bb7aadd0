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
 * report data (offset 568 of a v4 TDX quote), and nothing else — no quote signature, no TCB.
 * Transport tests of failure modes that need real quote verification use the production verifier.
 */
final class BindingOnlyAttestor implements BackendAttestor {

    @Override
    public AttestationOutcome attest(AttestationRequest request) {
        try {
            JsonObject report = Json.createReader(new ByteArrayInputStream(request.reportBody())).readObject();
            byte[] quote = Hex.decode(report.getString("intel_quote"));
            byte[] reportData = Arrays.copyOfRange(quote, 568, 632);
            byte[] fingerprint = Hex.decode(report.getString("tls_cert_fingerprint"));
            if (!request.liveSpki().matches(fingerprint)) {
                return AttestationOutcome.failed("tls_binding", "live SPKI differs from tls_cert_fingerprint");
            }
            String address = report.getString("signing_address").replaceFirst("^0x", "");
            byte[] addressBytes = Hex.decode(address);
            byte[] both = Arrays.copyOf(addressBytes, addressBytes.length + 32);
            System.arraycopy(fingerprint, 0, both, addressBytes.length, 32);
            byte[] expected = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(both), 64);
            System.arraycopy(request.nonce(), 0, expected, 32, 32);
            if (!MessageDigest.isEqual(expected, reportData)) {
                return AttestationOutcome.failed("report_data", "report data does not bind key, SPKI and nonce");
            }
            return new AttestationOutcome(true, null, "binding verified", Instant.MAX, "UpToDate",
                    report.getString("signing_address"), report.getString("signing_public_key"),
                    report.getString("model_name"), null);
        } catch (Exception e) {
            return AttestationOutcome.failed("report_format", e.toString());
        }
    }
}
