package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.SecureRandom;

/** An Ed25519 private key, i.e. its 32-byte seed (RFC 8032 "secret key"). */
public final class Ed25519PrivateKey implements E2eePrivateKey {

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(byte[] seed) {
        this.seed = seed;
        byte[] encoded = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, encoded, 0);
        this.publicKey = Ed25519PublicKey.fromBytes(encoded);
    }

    public static Ed25519PrivateKey generate(SecureRandom random) {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        random.nextBytes(seed);
        return new Ed25519PrivateKey(seed);
    }

    /** @throws IllegalArgumentException unless 32 bytes */
    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
        }
        return new Ed25519PrivateKey(seed.clone());
    }

    @Override
    public SigningAlgo algo() {
        return SigningAlgo.ED25519;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** The X25519 scalar: the clamped first half of SHA-512(seed), as libsodium's sk_to_curve25519. */
    byte[] x25519Secret() {
        return X25519Keys.secretFromSeed(seed);
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public " + publicKey.hex() + "]";
    }
}
