package dev.verifiedproxy.testing.backend;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A CVM's TLS key and its certificate: self-signed by default (NEAR's are Let's Encrypt ECDSA P-256;
 * the proxy trusts neither kind for identity, so self-signed is the honest stand-in), or issued by a
 * {@link TlsTestCa} where a test needs a certificate that is valid under WebPKI rules (the gateway,
 * to which the API key goes before attestation only if it is).
 *
 * @param keyPair     the TLS key
 * @param certificate certificate for {@code *.completions.near.ai} and the other test names
 * @param issuer      the CA certificate that issued it, or null when self-signed
 */
public record TlsIdentity(KeyPair keyPair, X509Certificate certificate, X509Certificate issuer) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static TlsIdentity generate(String commonName) {
        try {
            KeyPair keyPair = newKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + commonName),
                    new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(90))), new X500Name("CN=" + commonName), keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, commonName),
                    new GeneralName(GeneralName.dNSName, "*.completions.near.ai")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new TlsIdentity(keyPair, certificate, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test TLS identity", e);
        }
    }

    static KeyPair newKeyPair() throws java.security.GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** What the server presents in its handshake: the certificate, then its issuer if any. */
    public X509Certificate[] chain() {
        return issuer == null ? new X509Certificate[] {certificate} : new X509Certificate[] {certificate, issuer};
    }

    /** SHA-256 of the SubjectPublicKeyInfo: NEAR's {@code tls_cert_fingerprint}. */
    public byte[] spkiSha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
