package dev.verifiedproxy.sigstore;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.verifiedproxy.sigstore.JsonFields.Malformed;

/**
 * Decodes the verifier Rekor records with a signature: base64 of one PEM block, either a certificate or a
 * public key. Exactly one block is accepted: a chain sent along would not be used anyway (trust comes from
 * the trusted root), and several keys would make "the verifier" ambiguous.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (CERTIFICATE|PUBLIC KEY)-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+)-----END \\1-----\\r?\\n?");
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.10045.2.1", "EC",
            "1.2.840.113549.1.1.1", "RSA",
            "1.3.101.112", "Ed25519");
    private static final int MAX_DER = 16 * 1024;

    private Pem() {
    }

    static SignerMaterial signer(String base64Pem, String path) {
        String pem = new String(JsonFields.base64(base64Pem, path, MAX_DER * 2), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(pem);
        if (!m.matches()) {
            throw new Malformed(path, "not exactly one PEM certificate or public key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new Malformed(path, "the PEM content is not base64");
        }
        if (m.group(1).equals("CERTIFICATE")) {
            return new SignerCertificate(TrustedRootParser.certificate(der, path));
        }
        return new SignerPublicKey(publicKey(der, path));
    }

    private static PublicKey publicKey(byte[] spki, String path) {
        try {
            ASN1ObjectIdentifier oid = SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm();
            String algorithm = KEY_ALGORITHMS.get(oid.getId());
            if (algorithm == null) {
                throw new Malformed(path, "unsupported public key algorithm " + oid.getId());
            }
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Malformed(path, "not a DER SubjectPublicKeyInfo");
        }
    }
}
