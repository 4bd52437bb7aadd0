package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.Secp256k1;
import dev.verifiedproxy.signature.SigningAlgo;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.SecureRandom;

/** A secp256k1 private scalar d in [1, n−1]. */
public final class Secp256k1PrivateKey implements E2eePrivateKey {

    private final BigInteger d;
    private final Secp256k1PublicKey publicKey;

    private Secp256k1PrivateKey(BigInteger d) {
        this.d = d;
        this.publicKey = new Secp256k1PublicKey(new FixedPointCombMultiplier().multiply(Secp256k1.DOMAIN.getG(), d));
    }

    public static Secp256k1PrivateKey generate(SecureRandom random) {
        return new Secp256k1PrivateKey(BigIntegers.createRandomInRange(BigInteger.ONE,
                Secp256k1.order().subtract(BigInteger.ONE), random));
    }

    /**
     * @param scalar 32 bytes, big-endian
     * @throws IllegalArgumentException unless it is 32 bytes in [1, n−1]
     */
    public static Secp256k1PrivateKey fromBytes(byte[] scalar) {
        BigInteger d = new BigInteger(1, scalar);
        if (scalar.length != 32 || d.signum() == 0 || d.compareTo(Secp256k1.order()) >= 0) {
            throw new IllegalArgumentException("a secp256k1 private key is 32 bytes in [1, n-1]");
        }
        return new Secp256k1PrivateKey(d);
    }

    @Override
    public SigningAlgo algo() {
        return SigningAlgo.ECDSA;
    }

    @Override
    public Secp256k1PublicKey publicKey() {
        return publicKey;
    }

    BigInteger scalar() {
        return d;
    }

    @Override
    public String toString() {
        return "Secp256k1PrivateKey[public " + publicKey.hex() + "]";
    }
}
