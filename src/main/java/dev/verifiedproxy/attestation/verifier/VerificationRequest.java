package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.Nonce;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One report to verify and how it was obtained.
 *
 * @param report         the {@code /v1/attestation/report} JSON exactly as received
 * @param nonce          the nonce sent with the request for it
 * @param at             the instant to evaluate at, in whole seconds (as evidence bundles record it, so that a
 *                       bundle re-verifies at exactly the same instant)
 * @param liveSpkiSha256 SHA-256 (hex) of the SPKI of the TLS connection it came over, when known: it must be the
 *                       fingerprint the serving CVM binds (the gateway for the gateway shape, else the model)
 * @param host           the domain it was fetched from; selects the policy profile (a model reached through the
 *                       gateway is matched with the gateway's host)
 * @param model          the model the report was asked for, when one was: the report must attest exactly that model
 *                       (a gateway report an attestation of it, a direct report its {@code model_name})
 */
public record VerificationRequest(JsonObject report, Nonce nonce, Instant at, Optional<String> liveSpkiSha256,
                                  Optional<String> host, Optional<String> model) {

    public VerificationRequest {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(nonce, "nonce");
        at = at.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(liveSpkiSha256, "liveSpkiSha256");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
    }

    /** A report asked for no particular model. */
    public VerificationRequest(JsonObject report, Nonce nonce, Instant at, Optional<String> liveSpkiSha256,
                               Optional<String> host) {
        this(report, nonce, at, liveSpkiSha256, host, Optional.empty());
    }
}
