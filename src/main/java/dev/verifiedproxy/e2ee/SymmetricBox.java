package dev.verifiedproxy.e2ee;

import java.util.Arrays;

/**
 * The symmetric half of a scheme: the field key derived from the shared secret, then authenticated
 * encryption under a random nonce. Implemented by the NaCl boxes ({@link NaclSecretBox}: tag first)
 * and the HKDF-keyed AEADs ({@link HkdfAead}: tag last).
 */
interface SymmetricBox {

    int nonceLength();

    /** The field key for a Diffie-Hellman shared secret. */
    byte[] key(byte[] shared);

    byte[] seal(byte[] key, byte[] nonce, byte[] plaintext);

    /** @throws E2eeException {@link E2eeFailure#AUTHENTICATION_FAILED} */
    byte[] open(byte[] key, byte[] nonce, byte[] body);

    default byte[] sealShared(byte[] shared, byte[] nonce, byte[] plaintext) {
        byte[] key = key(shared);
        try {
            return seal(key, nonce, plaintext);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    default byte[] openShared(byte[] shared, byte[] nonce, byte[] body) {
        byte[] key = key(shared);
        try {
            return open(key, nonce, body);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * An AEAD keyed with HKDF-SHA256(no salt, shared secret, info), no associated data: ECIES
     * ({@code "ecdsa_encryption"}, AES-256-GCM) and v2 ({@code "ed25519_encryption"}, XChaCha20-Poly1305).
     *
     * @param aead the cipher
     * @param info the HKDF info string
     */
    record HkdfAead(Aead aead, String info) implements SymmetricBox {

        static final HkdfAead ECIES = new HkdfAead(Aead.AES_256_GCM, Hkdf.ECDSA_INFO);
        static final HkdfAead V2 = new HkdfAead(Aead.XCHACHA20_POLY1305, Hkdf.ED25519_INFO);

        @Override
        public int nonceLength() {
            return aead.nonceLength();
        }

        @Override
        public byte[] key(byte[] shared) {
            return Hkdf.aeadKey(shared, info);
        }

        @Override
        public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
            return aead.seal(key, nonce, new byte[0], plaintext);
        }

        @Override
        public byte[] open(byte[] key, byte[] nonce, byte[] body) {
            return aead.open(key, nonce, new byte[0], body);
        }
    }
}
