package dev.verifiedproxy.e2ee;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** The two AEADs of NEAR's E2EE, output {@code ct ‖ tag16}; BouncyCastle compares tags in constant time. */
enum Aead {
    /** ECIES (protocol.md §7.2). */
    AES_256_GCM(12) {
        @Override
        AEADCipher cipher() {
            return GCMBlockCipher.newInstance(AESEngine.newInstance());
        }
    },
    /** v2 (protocol.md §7.5): draft-irtf-cfrg-xchacha, libsodium crypto_aead_xchacha20poly1305_ietf. */
    XCHACHA20_POLY1305(24) {
        @Override
        AEADCipher cipher() {
            return new XChaCha20Poly1305();
        }
    };

    static final int TAG_LENGTH = 16;

    private final int nonceLength;

    Aead(int nonceLength) {
        this.nonceLength = nonceLength;
    }

    int nonceLength() {
        return nonceLength;
    }

    abstract AEADCipher cipher();

    byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            return run(true, key, nonce, aad, plaintext);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        }
    }

    /** @throws E2eeException {@link E2eeFailure#AUTHENTICATION_FAILED} when the tag does not match */
    byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        try {
            return run(false, key, nonce, aad, sealed);
        } catch (InvalidCipherTextException e) {
            throw new E2eeException(E2eeFailure.AUTHENTICATION_FAILED);
        }
    }

    private byte[] run(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws InvalidCipherTextException {
        AEADCipher cipher = cipher();
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int length = cipher.processBytes(input, 0, input.length, out, 0);
        cipher.doFinal(out, length);
        return out;
    }
}
