package dev.verifiedproxy.transport;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything a verifier needs to judge one attestation report obtained on a live connection.
 *
 * @param domain     the backend domain the connection was opened to
 * @param role       gateway or model backend
 * @param model      the model the report was asked for and must attest exactly, or null when none is expected
 * @param nonce      the 32 fresh random bytes sent with the report request
 * @param liveSpki   SHA-256 of the SPKI the connection's TLS handshake presented
 * @param reportBody the exact bytes of the report response body
 * @param at         the instant the verification is evaluated at
 */
public record AttestationRequest(String domain, BackendRole role, String model, byte[] nonce, SpkiHash liveSpki,
                                 byte[] reportBody, Instant at) {

    public AttestationRequest {
        Objects.requireNonNull(domain);
        Objects.requireNonNull(role);
        if (nonce.length != 32) {
            throw new IllegalArgumentException("nonce must be 32 bytes");
        }
        nonce = nonce.clone();
        Objects.requireNonNull(liveSpki);
        reportBody = reportBody.clone();
        Objects.requireNonNull(at);
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] reportBody() {
        return reportBody.clone();
    }
}
