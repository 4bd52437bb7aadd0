package dev.verifiedproxy.transport;

/**
 * Counters of the attested pool since it started.
 *
 * @param handshakes   TLS connections opened
 * @param attestations attestation reports requested
 * @param idle         connections currently idle in the pool
 */
public record PoolStats(long handshakes, long attestations, int idle) {
}
