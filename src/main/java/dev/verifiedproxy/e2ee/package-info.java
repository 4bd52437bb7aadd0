/**
 * NEAR AI end-to-end encryption (protocol.md §7) as a library: key types, the three wire schemes
 * (v1 ecdsa ECIES, v1 ed25519 NaCl box, v2 ed25519 X25519+HKDF+XChaCha20-Poly1305), per-field
 * sealing and opening of JSON request/response bodies and SSE lines, and the E2EE headers.
 *
 * <p>Layers, bottom up: primitives composed from BouncyCastle parts and tested against published
 * vectors ({@code SubkeyCores}, {@code NaclSecretBox}, {@code Aead}, {@code Hkdf}, {@code X25519Keys});
 * a scheme = a {@code KeyAgreement} (ephemeral secp256k1 or X25519) + a {@code SymmetricBox};
 * {@link dev.verifiedproxy.e2ee.WireCipher} (bytes ↔ wire bytes per scheme);
 * {@link dev.verifiedproxy.e2ee.FieldCodec} (string field ↔ hex, one direction per side);
 * {@link dev.verifiedproxy.e2ee.E2eeFields} and {@link dev.verifiedproxy.e2ee.SseLineTransformer}
 * (which fields, §7.6); {@link dev.verifiedproxy.e2ee.E2eeSession} (what the proxy uses).
 * Every failure is an {@link dev.verifiedproxy.e2ee.E2eeException} with a named
 * {@link dev.verifiedproxy.e2ee.E2eeFailure}. Nothing here logs keys, plaintexts or bodies.
 */
package dev.verifiedproxy.e2ee;
