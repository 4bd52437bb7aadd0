package dev.verifiedproxy.sigstore;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The public-key types a Sigstore trusted root names in {@code keyDetails}, each with the one signature
 * scheme it is used with. A key is only ever verified with the scheme of its declared type, so a key
 * cannot be pushed into another algorithm.
 */
public enum KeyAlgorithm {

    PKIX_ECDSA_P256_SHA_256("EC", "SHA256withECDSA", 256),
    PKIX_ECDSA_P384_SHA_384("EC", "SHA384withECDSA", 384),
    PKIX_ECDSA_P521_SHA_512("EC", "SHA512withECDSA", 521),
    PKIX_ED25519("Ed25519", "Ed25519", 0);

    private final String keyFactory;
    private final String signature;
    private final int curveBits;

    KeyAlgorithm(String keyFactory, String signature, int curveBits) {
        this.keyFactory = keyFactory;
        this.signature = signature;
        this.curveBits = curveBits;
    }

    /** The constant named {@code keyDetails}, or empty for a type this code does not implement. */
    public static Optional<KeyAlgorithm> fromKeyDetails(String keyDetails) {
        return Arrays.stream(values()).filter(a -> a.name().equals(keyDetails)).findFirst();
    }

    /**
     * Decodes a DER SubjectPublicKeyInfo and checks that it is a key of this type (for ECDSA: of this
     * curve size).
     */
    public PublicKey decode(byte[] spki) throws GeneralSecurityException {
        PublicKey key = KeyFactory.getInstance(keyFactory).generatePublic(new X509EncodedKeySpec(spki));
        if (curveBits > 0 && (!(key instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != curveBits)) {
            throw new GeneralSecurityException("the key is not an EC key of " + curveBits + " bits");
        }
        return key;
    }

    /** Verifies {@code signature} (DER for ECDSA, raw for Ed25519) over {@code data}; any error is a failed verification. */
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(this.signature);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
