package dev.verifiedproxy.transport;

import java.time.Instant;

/**
 * A (domain, SPKI) pair proved to terminate in an acceptable TEE; behind the gateway, possibly
 * together with the model a request goes to (see {@link #withModel}).
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

    /**
     * This gateway key's verification narrowed to one model: what that model's attestation, fetched over this
     * key, says (its signer, key, name, evidence), holding only while both verifications hold.
     */
    VerifiedBackend withModel(VerifiedBackend model) {
        if (!model.domain().equals(domain) || !model.spki().equals(spki)) {
            throw new IllegalArgumentException("a model attestation counts only for the key it came over");
        }
        return new VerifiedBackend(domain, spki, model.verifiedAt(),
                model.expiresAt().isBefore(expiresAt) ? model.expiresAt() : expiresAt, model.outcome());
    }
}
