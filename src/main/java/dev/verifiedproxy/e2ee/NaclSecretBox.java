package dev.verifiedproxy.e2ee;

import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NaCl secretbox and the box precomputation, in the two stream ciphers NEAR's v1 uses
 * (protocol.md §7.4). The extended-nonce stream is keyed with the 32-byte key and 24-byte nonce;
 * its first 32 bytes are the one-time Poly1305 key, the message is XORed with the stream from
 * byte 32 on, and the tag is Poly1305 over the ciphertext alone. Output is the "easy" layout
 * {@code tag16 ‖ ct}. Tested against NaCl's and libsodium's published vectors.
 */
enum NaclSecretBox implements SymmetricBox {
    /** crypto_secretbox_xsalsa20poly1305, crypto_box_curve25519xsalsa20poly1305 (PyNaCl {@code Box}). */
    XSALSA20 {
        @Override
        StreamCipher stream(byte[] key, byte[] nonce) {
            XSalsa20Engine engine = new XSalsa20Engine();
            engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
            return engine;
        }

        @Override
        public byte[] key(byte[] sharedSecret) {
            return SubkeyCores.hsalsa20(sharedSecret, new byte[16]);
        }
    },
    /**
     * crypto_secretbox_xchacha20poly1305, crypto_box_curve25519xchacha20poly1305: HChaCha20 of the
     * key and nonce[0..16], then DJB ChaCha20 (64-bit nonce = nonce[16..24], counter 0).
     */
    XCHACHA20 {
        @Override
        StreamCipher stream(byte[] key, byte[] nonce) {
            ChaChaEngine engine = new ChaChaEngine(20);
            byte[] subkey = SubkeyCores.hchacha20(key, Arrays.copyOfRange(nonce, 0, 16));
            engine.init(true, new ParametersWithIV(new KeyParameter(subkey), Arrays.copyOfRange(nonce, 16, 24)));
            Arrays.fill(subkey, (byte) 0);
            return engine;
        }

        @Override
        public byte[] key(byte[] sharedSecret) {
            return SubkeyCores.hchacha20(sharedSecret, new byte[16]);
        }
    };

    static final int NONCE_LENGTH = 24;
    static final int TAG_LENGTH = 16;

    abstract StreamCipher stream(byte[] key, byte[] nonce);

    /** crypto_box_beforenm: the secretbox key for an X25519 shared secret. */
    @Override
    public abstract byte[] key(byte[] sharedSecret);

    @Override
    public int nonceLength() {
        return NONCE_LENGTH;
    }

    @Override
    public byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        StreamCipher stream = stream(key, nonce);
        byte[] macKey = keystream(stream, 32);
        byte[] boxed = new byte[TAG_LENGTH + message.length];
        stream.processBytes(message, 0, message.length, boxed, TAG_LENGTH);
        byte[] tag = tag(macKey, boxed, TAG_LENGTH, message.length);
        System.arraycopy(tag, 0, boxed, 0, TAG_LENGTH);
        return boxed;
    }

    /** @throws E2eeException {@link E2eeFailure#AUTHENTICATION_FAILED} when the tag does not match */
    @Override
    public byte[] open(byte[] key, byte[] nonce, byte[] boxed) {
        if (boxed.length < TAG_LENGTH) {
            throw new E2eeException(E2eeFailure.CIPHERTEXT_TOO_SHORT);
        }
        StreamCipher stream = stream(key, nonce);
        byte[] macKey = keystream(stream, 32);
        int length = boxed.length - TAG_LENGTH;
        byte[] expected = tag(macKey, boxed, TAG_LENGTH, length);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(boxed, 0, TAG_LENGTH))) {
            throw new E2eeException(E2eeFailure.AUTHENTICATION_FAILED);
        }
        byte[] message = new byte[length];
        stream.processBytes(boxed, TAG_LENGTH, length, message, 0);
        return message;
    }

    private static byte[] keystream(StreamCipher stream, int length) {
        byte[] out = new byte[length];
        stream.processBytes(new byte[length], 0, length, out, 0);
        return out;
    }

    private static byte[] tag(byte[] macKey, byte[] data, int offset, int length) {
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(data, offset, length);
        byte[] tag = new byte[TAG_LENGTH];
        mac.doFinal(tag, 0);
        Arrays.fill(macKey, (byte) 0);
        return tag;
    }
}
