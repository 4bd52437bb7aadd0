package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.EthereumAddress;
import dev.verifiedproxy.signature.Hex;
import dev.verifiedproxy.signature.Secp256k1;
import dev.verifiedproxy.signature.SigningAlgo;
import org.bouncycastle.math.ec.ECPoint;

import java.util.Arrays;

/** A secp256k1 public key: a validated curve point other than the identity. */
public final class Secp256k1PublicKey implements E2eePublicKey {

    private final ECPoint point;

    Secp256k1PublicKey(ECPoint point) {
        this.point = point.normalize();
    }

    /**
     * @param encoded X‖Y (64 bytes) or {@code 04}‖X‖Y (65 bytes)
     * @throws E2eeException {@link E2eeFailure#BAD_KEY_LENGTH} or {@link E2eeFailure#INVALID_PUBLIC_KEY}
     */
    public static Secp256k1PublicKey fromBytes(byte[] encoded) {
        if (encoded.length != 64 && encoded.length != 65) {
            throw new E2eeException(E2eeFailure.BAD_KEY_LENGTH, "ecdsa, got " + encoded.length + " bytes");
        }
        try {
            return new Secp256k1PublicKey(Secp256k1.decodePublicKey(encoded));
        } catch (IllegalArgumentException e) {
            throw new E2eeException(E2eeFailure.INVALID_PUBLIC_KEY, "secp256k1");
        }
    }

    @Override
    public SigningAlgo algo() {
        return SigningAlgo.ECDSA;
    }

    public ECPoint point() {
        return point;
    }

    /** {@code 04}‖X‖Y, the form of the ephemeral key in ECIES ciphertexts. */
    public byte[] uncompressed() {
        return Secp256k1.encodeUncompressed(point);
    }

    @Override
    public String hex() {
        return Hex.encode(Secp256k1.encodeXY(point));
    }

    /** The Ethereum address of this key: how an attestation's signing_public_key is tied to its signing_address. */
    public String ethereumAddress() {
        return EthereumAddress.of(point);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secp256k1PublicKey key && Arrays.equals(uncompressed(), key.uncompressed());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uncompressed());
    }

    @Override
    public String toString() {
        return "Secp256k1PublicKey[" + hex() + "]";
    }
}
