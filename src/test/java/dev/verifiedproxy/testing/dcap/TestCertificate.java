package dev.verifiedproxy.testing.dcap;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A certificate of the test PKI together with its key pair.
 *
 * @param certificate the certificate
 * @param keyPair     its key pair (P-256)
 */
public record TestCertificate(X509Certificate certificate, KeyPair keyPair) {

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text with 64-column lines and a trailing newline, as Intel writes them. */
    public String pem() {
        return pem(der());
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
