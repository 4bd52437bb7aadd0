package dev.verifiedproxy.sigstore;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** @param certificate the signing (leaf) certificate as the entry carries it; not yet trusted */
public record SignerCertificate(X509Certificate certificate) implements SignerMaterial {

    public SignerCertificate {
        Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }
}
