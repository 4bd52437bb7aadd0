package dev.verifiedproxy.dcap;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;

import java.security.cert.X509Certificate;

/**
 * The root every chain must end in, with its key ready for verification.
 *
 * @param certificate the root certificate (pinned Intel SGX Root CA, or an explicitly configured test root)
 * @param key         its P-256 public key
 */
record TrustAnchor(X509Certificate certificate, ECPublicKeyParameters key) {

    static TrustAnchor of(X509Certificate certificate) {
        ECPublicKeyParameters key = EcdsaP256.key(certificate.getPublicKey());
        if (key == null) {
            throw new IllegalArgumentException("the trust anchor must have a P-256 EC key");
        }
        return new TrustAnchor(certificate, key);
    }
}
