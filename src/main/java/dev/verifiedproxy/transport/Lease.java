package dev.verifiedproxy.transport;

/**
 * A connection handed out by the pool, already proved to end in a verified TEE.
 *
 * @param connection   the connection, exclusively the holder's until released
 * @param verification the verification its SPKI holds
 * @param reused       whether it had carried earlier requests (keep-alive)
 */
public record Lease(BackendConnection connection, VerifiedBackend verification, boolean reused) {
}
