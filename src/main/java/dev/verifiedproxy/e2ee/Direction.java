package dev.verifiedproxy.e2ee;

/**
 * Who encrypts for whom. It matters for v1 only: clients box with XSalsa20 (libsodium
 * {@code crypto_box_easy}, PyNaCl), the model TEE answers with the XChaCha20 box since 2026-03-12
 * (protocol.md §7.4); either side opens both.
 */
public enum Direction {
    /** Client (the proxy) → model TEE: request fields. */
    TO_MODEL,
    /** Model TEE → client: response fields and SSE deltas. */
    TO_CLIENT
}
