package dev.verifiedproxy.signature;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * EIP-191 personal_sign recovery (protocol.md §6.4): which secp256k1 key, hence which Ethereum
 * address, made a signature over a message. Public-key recovery follows SEC 1 v2 §4.1.6.
 */
public final class EcdsaRecovery {

    private static final byte[] PREFIX = "\u0019Ethereum Signed Message:\n".getBytes(StandardCharsets.US_ASCII);

    private EcdsaRecovery() {
    }

    /** Keccak-256 of {@code "\x19Ethereum Signed Message:\n" + decimal byte length + message}. */
    public static byte[] personalMessageDigest(byte[] message) {
        byte[] length = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
        return Keccak256.hash(PREFIX, length, message);
    }

    /** The address ({@code 0x} + 40 lowercase hex) whose key signed {@code message} with EIP-191. */
    public static String recoverAddress(byte[] message, EcdsaSignature signature) throws SignatureRejected {
        return EthereumAddress.of(recoverPublicKey(personalMessageDigest(message), signature));
    }

    /**
     * The public key Q = r⁻¹(s·R − e·G), where e is the digest and R the curve point with x = r
     * and the y parity given by v. Rejects everything NEAR never produces: v other
     * than 27/28, r or s outside [1, n−1], and high S (the malleated twin of a valid signature).
     */
    public static ECPoint recoverPublicKey(byte[] digest, EcdsaSignature signature) throws SignatureRejected {
        BigInteger n = Secp256k1.order();
        BigInteger r = signature.r();
        BigInteger s = signature.s();
        if (signature.v() != 27 && signature.v() != 28) {
            throw new SignatureRejected(SignatureFailure.V_NOT_27_OR_28);
        }
        if (r.signum() <= 0 || r.compareTo(n) >= 0) {
            throw new SignatureRejected(SignatureFailure.R_OUT_OF_RANGE);
        }
        if (s.signum() <= 0 || s.compareTo(n) >= 0) {
            throw new SignatureRejected(SignatureFailure.S_OUT_OF_RANGE);
        }
        if (s.compareTo(Secp256k1.HALF_ORDER) > 0) {
            throw new SignatureRejected(SignatureFailure.HIGH_S);
        }
        ECPoint bigR = decompress(r, signature.v() - 27);
        BigInteger e = new BigInteger(1, digest);
        BigInteger rInverse = r.modInverse(n);
        BigInteger eTerm = e.negate().multiply(rInverse).mod(n);
        BigInteger sTerm = s.multiply(rInverse).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(Secp256k1.DOMAIN.getG(), eTerm, bigR, sTerm).normalize();
        if (q.isInfinity()) {
            throw new SignatureRejected(SignatureFailure.NOT_RECOVERABLE);
        }
        return q;
    }

    // v 27/28 only ever encode x = r (never r + n, whose probability is ~2^-127), so the
    // recovery id is just the parity of R's y coordinate.
    private static ECPoint decompress(BigInteger x, int yParity) throws SignatureRejected {
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (0x02 | yParity);
        byte[] xBytes = BigIntegers.asUnsignedByteArray(32, x);
        System.arraycopy(xBytes, 0, compressed, 1, 32);
        try {
            return Secp256k1.DOMAIN.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            // r is not the x coordinate of any curve point.
            throw new SignatureRejected(SignatureFailure.NOT_RECOVERABLE);
        }
    }
}
