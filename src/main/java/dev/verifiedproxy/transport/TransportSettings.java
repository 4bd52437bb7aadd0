package dev.verifiedproxy.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the attested transport; every value comes from {@code ProxyConfig} at the boundary.
 *
 * @param connectTimeout        TCP connect and TLS handshake, each
 * @param attestationTimeout    the whole attestation exchange (NEAR collects fresh GPU evidence: seconds)
 * @param readTimeout           longest silence while reading a proxied response (SSE streams pause while the model thinks)
 * @param maxAttestationBytes   largest attestation report accepted
 * @param signingAlgo           {@code ecdsa} or {@code ed25519}, sent with every attestation request
 * @param verifiedTtl           how long a verified SPKI is trusted without re-attestation (also capped by collateral expiry)
 * @param failureBackoff        how long a failed (domain, SPKI) is refused without re-attesting
 * @param maxIdlePerDomain      idle verified connections kept per domain
 * @param idleTimeout           an idle connection older than this is closed
 * @param attestationWaitLimit  how long a request waits for a verification already in flight for the same SPKI
 */
public record TransportSettings(Duration connectTimeout, Duration attestationTimeout, Duration readTimeout,
                                long maxAttestationBytes, String signingAlgo, Duration verifiedTtl,
                                Duration failureBackoff, int maxIdlePerDomain, Duration idleTimeout,
                                Duration attestationWaitLimit) {

    public TransportSettings {
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(attestationTimeout);
        Objects.requireNonNull(readTimeout);
        Objects.requireNonNull(verifiedTtl);
        Objects.requireNonNull(failureBackoff);
        Objects.requireNonNull(idleTimeout);
        Objects.requireNonNull(attestationWaitLimit);
        if (!signingAlgo.equals("ecdsa") && !signingAlgo.equals("ed25519")) {
            throw new IllegalArgumentException("signing algorithm must be ecdsa or ed25519");
        }
    }

    /** Defaults documented in README.md. */
    public static TransportSettings defaults() {
        return new TransportSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5),
                4L * 1024 * 1024, "ecdsa", Duration.ofHours(1), Duration.ofSeconds(10), 32, Duration.ofSeconds(60),
                Duration.ofSeconds(90));
    }
}
