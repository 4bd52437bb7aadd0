package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.Secp256k1;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.util.BigIntegers;

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
        Ephemeral ephemeral(E2eePublicKey recipient, SecureRandom random) {
            Secp256k1PublicKey to = require(recipient, Secp256k1PublicKey.class);
            Secp256k1PrivateKey ephemeral = Secp256k1PrivateKey.generate(random);
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
        Ephemeral ephemeral(E2eePublicKey recipient, SecureRandom random) {
            Ed25519PublicKey to = require(recipient, Ed25519PublicKey.class);
            byte[] secret = X25519Keys.generatePrivate(random);
            try {
                return new Ephemeral(X25519Keys.publicOf(secret), X25519Keys.agree(secret, to.x25519()));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
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

    /** A fresh ephemeral key and its shared secret with {@code recipient}. */
    abstract Ephemeral ephemeral(E2eePublicKey recipient, SecureRandom random);

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
