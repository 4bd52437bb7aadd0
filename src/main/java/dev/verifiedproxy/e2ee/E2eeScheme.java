package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;

/** The three wire formats NEAR AI uses for one encrypted field (protocol.md §7.2–7.5). */
public enum E2eeScheme {
    /**
     * secp256k1 ECDH → HKDF-SHA256("ecdsa_encryption") → AES-256-GCM.
     * Wire: {@code eph65 ‖ nonce12 ‖ ct ‖ tag16}.
     */
    ECIES_SECP256K1_AES_GCM,
    /**
     * X25519 NaCl box (XSalsa20 or XChaCha20 + Poly1305).
     * Wire: {@code eph32 ‖ nonce24 ‖ tag16 ‖ ct}.
     */
    NACL_BOX_V1,
    /**
     * X25519 → HKDF-SHA256("ed25519_encryption") → XChaCha20-Poly1305 (IETF).
     * Wire: {@code eph32 ‖ nonce24 ‖ ct ‖ tag16}.
     */
    X25519_XCHACHA20_V2;

    /** ecdsa ignores the version (NEAR: "only affects ed25519"). */
    public static E2eeScheme of(SigningAlgo algo, E2eeVersion version) {
        if (algo == SigningAlgo.ECDSA) {
            return ECIES_SECP256K1_AES_GCM;
        }
        return version == E2eeVersion.V2 ? X25519_XCHACHA20_V2 : NACL_BOX_V1;
    }
}
