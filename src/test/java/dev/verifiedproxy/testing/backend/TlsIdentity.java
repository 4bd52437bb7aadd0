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
 * A CVM's TLS key and self-signed certificate (NEAR's are Let's Encrypt ECDSA P-256; the proxy
 * trusts neither kind, so self-signed is the honest stand-in).
 *
 * @param keyPair     the TLS key
 * @param certificate certificate for {@code *.completions.near.ai} and the other test names
 */
public record TlsIdentity(KeyPair keyPair, X509Certificate certificate) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static TlsIdentity generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + commonName),
                    new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(90))), new X500Name("CN=" + commonName), keyPair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, commonName),
                    new GeneralName(GeneralName.dNSName, "*.completions.near.ai")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new TlsIdentity(keyPair, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test TLS identity", e);
        }
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
