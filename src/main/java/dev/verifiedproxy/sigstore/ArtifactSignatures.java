package dev.verifiedproxy.sigstore;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * Verification of the signatures an entry logs, with the signer's key: over a DSSE pre-authentication
 * encoding (the message itself), or over an artifact known only by its SHA-256 (hashedrekord). The scheme
 * follows the key: ECDSA with the hash of its curve size, RSA PKCS#1 v1.5 with SHA-256, Ed25519.
 */
final class ArtifactSignatures {

    private ArtifactSignatures() {
    }

    static boolean overMessage(PublicKey key, byte[] message, byte[] signature) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> ecdsa(key);
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        return algorithm != null && verify(algorithm, key, message, signature);
    }

    /**
     * Over a SHA-256 digest: ECDSA signs the digest directly; RSA signs its DigestInfo. Ed25519 signs whole
     * messages and cannot be checked from a digest, so it fails here.
     */
    static boolean overSha256(PublicKey key, Sha256Digest digest, byte[] signature) {
        try {
            return switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA".equals(ecdsa(key)) && verify("NONEwithECDSA", key, digest.bytes(), signature);
                case "RSA" -> verify("NONEwithRSA", key, new DigestInfo(new AlgorithmIdentifier(
                        NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), digest.bytes()).getEncoded("DER"), signature);
                default -> false;
            };
        } catch (IOException e) {
            return false;
        }
    }

    private static String ecdsa(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            return null;
        }
        return switch (ec.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "SHA256withECDSA";
            case 384 -> "SHA384withECDSA";
            case 521 -> "SHA512withECDSA";
            default -> null;
        };
    }

    private static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
