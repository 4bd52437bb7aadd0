package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.Secp256k1;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The Diffie-Hellman half of every scheme: a fresh ephemeral key per field on the sealing side,
 * the recipient's private key against that ephemeral key on the opening side.
 */
enum KeyAgreement {
    /** Shared secret: the x coordinate of the ECDH point, 32 bytes big-endian; ephemeral key {@code 04‖X‖Y}. */
    SECP256K1_ECDH(65) {
        @Override
        byte[] newSecret(SecureRandom random) {
            return BigIntegers.asUnsignedByteArray(32, BigIntegers.createRandomInRange(BigInteger.ONE,
                    Secp256k1.order().subtract(BigInteger.ONE), random));
        }

        @Override
        Ephemeral ephemeral(E2eePublicKey recipient, byte[] secret) {
            Secp256k1PublicKey to = require(recipient, Secp256k1PublicKey.class);
            Secp256k1PrivateKey ephemeral = Secp256k1PrivateKey.fromBytes(secret);
            return new Ephemeral(ephemeral.publicKey().uncompressed(), ecdhX(ephemeral, to));
        }

        @Override
        byte[] shared(E2eePrivateKey recipient, byte[] ephemeralPublic) {
            Secp256k1PrivateKey own = require(recipient, Secp256k1PrivateKey.class);
            Secp256k1PublicKey ephemeral;
            try {
                ephemeral = Secp256k1PublicKey.fromBytes(ephemeralPublic);
            } catch (E2eeException e) {
                throw new E2eeException(E2eeFailure.INVALID_EPHEMERAL_KEY, "secp256k1");
            }
            return ecdhX(own, ephemeral);
        }
    },
    /** X25519 with the Ed25519 keys converted (protocol.md §7.3); ephemeral key 32 bytes. */
    X25519(X25519Keys.LENGTH) {
        @Override
        byte[] newSecret(SecureRandom random) {
            return X25519Keys.generatePrivate(random);
        }

        @Override
        Ephemeral ephemeral(E2eePublicKey recipient, byte[] secret) {
            Ed25519PublicKey to = require(recipient, Ed25519PublicKey.class);
            return new Ephemeral(X25519Keys.publicOf(secret), X25519Keys.agree(secret, to.x25519()));
        }

        @Override
        byte[] shared(E2eePrivateKey recipient, byte[] ephemeralPublic) {
            byte[] secret = require(recipient, Ed25519PrivateKey.class).x25519Secret();
            try {
                return X25519Keys.agree(secret, ephemeralPublic);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
    };

    /**
     * The sender's half of one agreement.
     *
     * @param publicKey goes on the wire
     * @param shared    the shared secret; the caller wipes it after use
     */
    record Ephemeral(byte[] publicKey, byte[] shared) {
    }

    private final int publicKeyLength;

    KeyAgreement(int publicKeyLength) {
        this.publicKeyLength = publicKeyLength;
    }

    int publicKeyLength() {
        return publicKeyLength;
    }

    /**
     * A fresh ephemeral private key, 32 bytes: a secp256k1 scalar in [1, n−1] (big-endian), or an
     * X25519 scalar. The caller wipes it after use.
     */
    abstract byte[] newSecret(SecureRandom random);

    /** The ephemeral key of {@code secret} and its shared secret with {@code recipient}. */
    abstract Ephemeral ephemeral(E2eePublicKey recipient, byte[] secret);

    /**
     * The recipient's shared secret with a received ephemeral key.
     *
     * @throws E2eeException {@link E2eeFailure#INVALID_EPHEMERAL_KEY} or {@link E2eeFailure#WEAK_SHARED_SECRET}
     */
    abstract byte[] shared(E2eePrivateKey recipient, byte[] ephemeralPublic);

    /** {@code key} as the type this agreement needs, or {@link E2eeFailure#KEY_ALGORITHM_MISMATCH}. */
    static <K> K require(Object key, Class<K> type) {
        if (!type.isInstance(key)) {
            throw new E2eeException(E2eeFailure.KEY_ALGORITHM_MISMATCH, "this scheme needs a " + type.getSimpleName());
        }
        return type.cast(key);
    }

    private static byte[] ecdhX(Secp256k1PrivateKey own, Secp256k1PublicKey peer) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(new ECPrivateKeyParameters(own.scalar(), Secp256k1.DOMAIN));
        try {
            return BigIntegers.asUnsignedByteArray(32,
                    agreement.calculateAgreement(new ECPublicKeyParameters(peer.point(), Secp256k1.DOMAIN)));
        } catch (IllegalStateException e) {
            // The ECDH point is the identity: impossible for valid keys on a prime-order curve.
            throw new E2eeException(E2eeFailure.WEAK_SHARED_SECRET);
        }
    }
}
