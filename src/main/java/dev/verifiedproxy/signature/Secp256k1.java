package dev.verifiedproxy.signature;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;

/** The secp256k1 curve (SEC 2) and the encodings of its public keys used by NEAR AI. */
public final class Secp256k1 {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    /** Curve, generator G, order n, cofactor 1. */
    public static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

    /** n / 2: a signature's s above this is the malleable twin of a low-S signature. */
    public static final BigInteger HALF_ORDER = DOMAIN.getN().shiftRight(1);

    private static final byte UNCOMPRESSED = 0x04;

    private Secp256k1() {
    }

    public static BigInteger order() {
        return DOMAIN.getN();
    }

    /**
     * A public key given as X‖Y (64 bytes, the form of NEAR's {@code signing_public_key}) or
     * {@code 04}‖X‖Y (65 bytes). The point must lie on the curve and not be the identity.
     *
     * @throws IllegalArgumentException for any other length or prefix, or a point off the curve
     */
    public static ECPoint decodePublicKey(byte[] encoded) {
        byte[] uncompressed;
        if (encoded.length == 64) {
            uncompressed = new byte[65];
            uncompressed[0] = UNCOMPRESSED;
            System.arraycopy(encoded, 0, uncompressed, 1, 64);
        } else if (encoded.length == 65 && encoded[0] == UNCOMPRESSED) {
            // BouncyCastle would also take the hybrid forms 06/07; nobody sends them, so refuse.
            uncompressed = encoded;
        } else {
            throw new IllegalArgumentException("a secp256k1 public key is 64 bytes (X||Y) or 65 bytes (04||X||Y), got "
                    + encoded.length + (encoded.length == 65 ? " bytes with prefix " + (encoded[0] & 0xff) : " bytes"));
        }
        // decodePoint checks that the point is on the curve; it cannot be the identity in this form.
        return DOMAIN.validatePublicPoint(DOMAIN.getCurve().decodePoint(uncompressed));
    }

    /** X‖Y, 64 bytes. */
    public static byte[] encodeXY(ECPoint point) {
        byte[] uncompressed = encodeUncompressed(point);
        byte[] xy = new byte[64];
        System.arraycopy(uncompressed, 1, xy, 0, 64);
        return xy;
    }

    /** {@code 04}‖X‖Y, 65 bytes. */
    public static byte[] encodeUncompressed(ECPoint point) {
        return point.normalize().getEncoded(false);
    }
}
