package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.Hex;
import dev.verifiedproxy.signature.SigningAlgo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Arrays;

/**
 * An Ed25519 public key (NEAR sends Ed25519 keys, never X25519 ones); encryption uses its X25519
 * (Montgomery) form, libsodium {@code crypto_sign_ed25519_pk_to_curve25519} (protocol.md §7.3).
 */
public final class Ed25519PublicKey implements E2eePublicKey {

    public static final int LENGTH = Ed25519.PUBLIC_KEY_SIZE;

    private final byte[] encoded;
    private final byte[] montgomery;

    private Ed25519PublicKey(byte[] encoded) {
        this.encoded = encoded;
        this.montgomery = X25519Keys.montgomeryFromEdwards(encoded);
    }

    /**
     * @throws E2eeException {@link E2eeFailure#BAD_KEY_LENGTH}, or {@link E2eeFailure#INVALID_PUBLIC_KEY}
     *                       for a non-canonical encoding, a point off the curve or of small order
     */
    public static Ed25519PublicKey fromBytes(byte[] encoded) {
        if (encoded.length != LENGTH) {
            throw new E2eeException(E2eeFailure.BAD_KEY_LENGTH, "ed25519, got " + encoded.length + " bytes");
        }
        if (!Ed25519.validatePublicKeyFull(encoded, 0)) {
            throw new E2eeException(E2eeFailure.INVALID_PUBLIC_KEY, "ed25519");
        }
        return new Ed25519PublicKey(encoded.clone());
    }

    @Override
    public SigningAlgo algo() {
        return SigningAlgo.ED25519;
    }

    public byte[] bytes() {
        return encoded.clone();
    }

    /** The X25519 public key u = (1+y)/(1−y) mod 2^255−19. */
    public byte[] x25519() {
        return montgomery.clone();
    }

    @Override
    public String hex() {
        return Hex.encode(encoded);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey key && Arrays.equals(encoded, key.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + hex() + "]";
    }
}
