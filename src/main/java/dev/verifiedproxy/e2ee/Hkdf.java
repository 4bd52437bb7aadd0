package dev.verifiedproxy.e2ee;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.nio.charset.StandardCharsets;

/** HKDF-SHA256 (RFC 5869) without salt, i.e. a salt of 32 zero bytes, as NEAR derives its AEAD keys. */
final class Hkdf {

    static final String ECDSA_INFO = "ecdsa_encryption";
    static final String ED25519_INFO = "ed25519_encryption";

    private Hkdf() {
    }

    static byte[] sha256(byte[] inputKey, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(SHA256Digest.newInstance());
        generator.init(new HKDFParameters(inputKey, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }

    /** The 32-byte AEAD key for a shared secret. */
    static byte[] aeadKey(byte[] sharedSecret, String info) {
        return sha256(sharedSecret, null, info.getBytes(StandardCharsets.US_ASCII), 32);
    }
}
