package dev.verifiedproxy.testing.sigstore;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Fulcio-like CA: a self-signed P-384 root and an intermediate (as Sigstore's public-good instance has),
 * issuing P-256 leaf certificates with an empty subject, a critical SAN, code-signing EKU and Fulcio's
 * identity extensions.
 */
public final class FakeFulcio {

    public static final Instant CA_NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant CA_NOT_AFTER = Instant.parse("2040-01-01T00:00:00Z");
    public static final String ISSUER = "https://token.actions.githubusercontent.com";
    private static final String ARC = "1.3.6.1.4.1.57264.1.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final KeyPair rootKey = keyPair("secp384r1");
    private final KeyPair intermediateKey = keyPair("secp384r1");
    private final X509Certificate root;
    private final X509Certificate intermediate;

    /** @param name distinguishes CAs in certificate names, e.g. {@code fake-fulcio} */
    public FakeFulcio(String name) {
        this.name = name;
        X500Name rootName = new X500Name("CN=" + name + ",O=sigstore.test");
        X500Name intermediateName = new X500Name("CN=" + name + "-intermediate,O=sigstore.test");
        root = ca(rootName, rootKey, rootName, rootKey, 1);
        intermediate = ca(intermediateName, intermediateKey, rootName, rootKey, 0);
    }

    public String name() {
        return name;
    }

    /** Issuing certificate first, root last: the order of a trusted root's {@code certChain}. */
    public List<X509Certificate> chain() {
        return List.of(intermediate, root);
    }

    /**
     * What to put in a leaf. Extensions map an OID suffix of Fulcio's arc (e.g. {@code "8"}) to a value: a
     * String is DER UTF8String-encoded, a {@code byte[]} is the raw extension value (as .1 to .6 are).
     *
     * @param san         the SAN: a URI when it contains "://", else an email address
     * @param notBefore   validity start
     * @param notAfter    validity end
     * @param codeSigning whether the EKU names code signing
     * @param extensions  Fulcio extensions by OID suffix
     */
    public record LeafSpec(String san, Instant notBefore, Instant notAfter, boolean codeSigning,
                           Map<String, Object> extensions) {

        /** A GitHub Actions identity for {@code repo} (e.g. {@code nearai/cloud-api}), valid ten minutes from {@code at}. */
        public static LeafSpec github(String repo, Instant at) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("1", ISSUER.getBytes(StandardCharsets.UTF_8));
            extensions.put("8", ISSUER);
            extensions.put("9", "https://github.com/" + repo + "/.github/workflows/build.yml@refs/heads/main");
            extensions.put("11", "github-hosted");
            extensions.put("12", "https://github.com/" + repo);
            extensions.put("13", "0123456789abcdef0123456789abcdef01234567");
            extensions.put("14", "refs/heads/main");
            extensions.put("20", "push");
            extensions.put("21", "https://github.com/" + repo + "/actions/runs/1/attempts/1");
            return new LeafSpec("https://github.com/" + repo + "/.github/workflows/build.yml@refs/heads/main",
                    at.minusSeconds(60), at.plusSeconds(540), true, extensions);
        }

        public LeafSpec withValidity(Instant from, Instant to) {
            return new LeafSpec(san, from, to, codeSigning, extensions);
        }

        public LeafSpec withoutCodeSigning() {
            return new LeafSpec(san, notBefore, notAfter, false, extensions);
        }

        public LeafSpec withExtension(String suffix, Object value) {
            Map<String, Object> changed = new LinkedHashMap<>(extensions);
            changed.put(suffix, value);
            return new LeafSpec(san, notBefore, notAfter, codeSigning, changed);
        }
    }

    /** A leaf certificate and its key. */
    public record Leaf(X509Certificate certificate, KeyPair keyPair) {

        /** SHA256withECDSA (DER) over {@code message}. */
        public byte[] sign(byte[] message) {
            return FakeRekor.ecdsa("SHA256withECDSA", keyPair.getPrivate(), message);
        }
    }

    public Leaf issue(LeafSpec spec) {
        KeyPair key = keyPair("secp256r1");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name("CN=" + name + "-intermediate,O=sigstore.test"), serial(), Date.from(spec.notBefore()),
                    Date.from(spec.notAfter()), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), key.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (spec.codeSigning()) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            }
            int type = spec.san().contains("://") ? GeneralName.uniformResourceIdentifier : GeneralName.rfc822Name;
            builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(type, spec.san())));
            for (Map.Entry<String, Object> e : spec.extensions().entrySet()) {
                ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(ARC + e.getKey());
                if (e.getValue() instanceof byte[] raw) {
                    builder.addExtension(oid, false, raw);
                } else {
                    builder.addExtension(oid, false, new DERUTF8String((String) e.getValue()));
                }
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(intermediateKey.getPrivate())));
            return new Leaf(certificate, key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate ca(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey, int pathLength) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(CA_NOT_BEFORE), Date.from(CA_NOT_AFTER), subject, subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair keyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(120, RANDOM).setBit(119);
    }
}
