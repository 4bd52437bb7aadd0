package dev.verifiedproxy.dcap;

import dev.verifiedproxy.quote.Bytes;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECDSA P-256 / SHA-256 verification on BouncyCastle's lightweight API (no provider is registered).
 *
 * <p>Why not the JDK's {@code SHA256withECDSAinP1363Format}: on JDK 17 it takes about 1.5 ms per
 * verification on the reference machine, BouncyCastle's fixed-curve code about 0.12 ms once a key's
 * precomputed tables exist, and one quote needs up to ten verifications; the ≤ 1 ms target of issue 3 is
 * out of reach with the JDK. Keys are therefore kept (bounded) with their tables, by their 64 raw bytes.
 *
 * <p>Every key is checked to be a valid point of P-256 (on the curve, not infinity, right order); r and s
 * must be in [1, n-1]; DER signatures must be strict DER of two positive INTEGERs.
 */
final class EcdsaP256 {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final BigInteger N = CURVE.getN();
    private static final int MAX_CACHED_KEYS = 4096;
    private static final ConcurrentHashMap<Bytes, ECPublicKeyParameters> KEYS = new ConcurrentHashMap<>();

    private EcdsaP256() {
    }

    /** A verification key from raw x||y (64 bytes), or null when it is not a valid P-256 point. */
    static ECPublicKeyParameters key(Bytes xy) {
        if (xy.length() != 64) {
            return null;
        }
        ECPublicKeyParameters cached = KEYS.get(xy);
        if (cached != null) {
            return cached;
        }
        byte[] raw = xy.toArray();
        ECPublicKeyParameters key;
        try {
            ECPoint point = DOMAIN.getCurve().validatePoint(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)));
            key = new ECPublicKeyParameters(point, DOMAIN);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (KEYS.size() >= MAX_CACHED_KEYS) {
            KEYS.clear();
        }
        KEYS.put(xy, key);
        return key;
    }

    /** A verification key from a certificate's public key, or null when it is not a P-256 EC key. */
    static ECPublicKeyParameters key(PublicKey publicKey) {
        if (!(publicKey instanceof ECPublicKey ec) || !ec.getParams().getOrder().equals(N)
                || !ec.getParams().getCurve().getField().equals(
                        new java.security.spec.ECFieldFp(CURVE.getCurve().getField().getCharacteristic()))) {
            return null;
        }
        byte[] xy = new byte[64];
        if (!put32(ec.getW().getAffineX(), xy, 0) || !put32(ec.getW().getAffineY(), xy, 32)) {
            return null;
        }
        return key(Bytes.of(xy));
    }

    /** Verifies a raw r||s (64 bytes) signature over {@code message}. */
    static boolean verifyRaw(ECPublicKeyParameters key, byte[] message, Bytes rs) {
        if (key == null || rs.length() != 64) {
            return false;
        }
        byte[] raw = rs.toArray();
        return verify(key, sha256(message), new BigInteger(1, Arrays.copyOfRange(raw, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)));
    }

    /** Verifies a DER ECDSA-Sig-Value over {@code message} (certificates and CRLs). */
    static boolean verifyDer(ECPublicKeyParameters key, byte[] message, byte[] der) {
        if (key == null) {
            return false;
        }
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() != 2 || !Arrays.equals(seq.getEncoded(ASN1Encoding.DER), der)) {
                return false;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            return verify(key, sha256(message), r, s);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean verify(ECPublicKeyParameters key, byte[] digest, BigInteger r, BigInteger s) {
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
            return false;
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(digest, r, s);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static boolean put32(BigInteger value, byte[] out, int offset) {
        byte[] b = value.toByteArray();
        int start = b.length > 32 ? b.length - 32 : 0;
        for (int i = 0; i < start; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        System.arraycopy(b, start, out, offset + 32 - (b.length - start), b.length - start);
        return true;
    }
}
