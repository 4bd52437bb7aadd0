package dev.verifiedproxy.transport;

import java.time.Instant;

/**
 * A (domain, SPKI) pair proved to terminate in an acceptable TEE.
 *
 * @param domain     backend domain
 * @param spki       the proved TLS key
 * @param verifiedAt when the attestation was verified
 * @param expiresAt  when it must be verified again: TTL or collateral/token expiry, whichever is first
 * @param outcome    the verifier's conclusion
 */
public record VerifiedBackend(String domain, SpkiHash spki, Instant verifiedAt, Instant expiresAt,
                              AttestationOutcome outcome) {

    boolean isFreshAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
