package dev.verifiedproxy.e2ee;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/** X25519 (RFC 7748) and the Ed25519 → X25519 conversions of protocol.md §7.3. */
final class X25519Keys {

    static final int LENGTH = X25519.POINT_SIZE;
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private X25519Keys() {
    }

    static byte[] generatePrivate(SecureRandom random) {
        byte[] secret = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, secret);
        return secret;
    }

    static byte[] publicOf(byte[] secret) {
        byte[] pub = new byte[LENGTH];
        X25519.generatePublicKey(secret, 0, pub, 0);
        return pub;
    }

    /**
     * X25519(secret, peer). An all-zero result means the peer sent a low-order point, which would
     * make the "shared" secret known to anyone: refused, as libsodium does.
     */
    static byte[] agree(byte[] secret, byte[] peer) {
        byte[] shared = new byte[LENGTH];
        if (!X25519.calculateAgreement(secret, 0, peer, 0, shared, 0)) {
            throw new E2eeException(E2eeFailure.WEAK_SHARED_SECRET);
        }
        return shared;
    }

    /** libsodium crypto_sign_ed25519_sk_to_curve25519: SHA-512(seed)[0..32], clamped. */
    static byte[] secretFromSeed(byte[] seed) {
        SHA512Digest sha512 = new SHA512Digest();
        sha512.update(seed, 0, seed.length);
        byte[] hash = new byte[64];
        sha512.doFinal(hash, 0);
        byte[] scalar = Arrays.copyOf(hash, 32);
        Arrays.fill(hash, (byte) 0);
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
        return scalar;
    }

    /**
     * libsodium crypto_sign_ed25519_pk_to_curve25519 for an already validated key: the birational
     * map u = (1+y)/(1−y) mod p. Public data, so plain BigInteger arithmetic is fine.
     */
    static byte[] montgomeryFromEdwards(byte[] edwards) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = edwards[31 - i];
        }
        bigEndian[0] &= 0x7f; // the top bit is the sign of x, not part of y
        BigInteger y = new BigInteger(1, bigEndian);
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).modInverse(P)).mod(P);
        byte[] out = new byte[32];
        byte[] magnitude = u.toByteArray();
        for (int i = 0; i < Math.min(32, magnitude.length); i++) {
            out[i] = magnitude[magnitude.length - 1 - i];
        }
        return out;
    }
}
