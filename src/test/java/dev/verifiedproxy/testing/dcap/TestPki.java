package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.quote.TeeType;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A throw-away Intel-shaped PKI (dcap.md §3.2): a test root CA, the PCK platform and processor CAs, a
 * TCB signing certificate and PCK leaves carrying the SGX extension; plus CRLs and signed TCB info / QE
 * identity. Give the verifier {@link #rootCertificate()} explicitly; it is never trusted otherwise.
 *
 * <pre>
 * TestPki pki = TestPki.generate();
 * byte[] quote = pki.forge().tdx(TdReportSpec.defaults(), reportData);
 * QuoteCollateral collateral = pki.collateral(CollateralSpec.tdx());        // valid 2024..2049, UpToDate
 * </pre>
 */
public final class TestPki {

    /** Default certificate validity. */
    public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant DEFAULT_NOT_AFTER = Instant.parse("2049-12-31T23:59:59Z");
    /** The SGX extension OID of PCK certificates. */
    public static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter JSON_DATE = DateTimeFormatter.ISO_INSTANT;

    private final TestCertificate root;
    private final TestCertificate platformCa;
    private final TestCertificate processorCa;
    private final TestCertificate tcbSigner;
    private final TestPck pck;

    private TestPki(Options options) {
        root = issue(new X500Name("CN=Test SGX Root CA,O=verified-proxy tests,C=US"), null, true, 1,
                DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, b -> { });
        platformCa = issue(new X500Name("CN=Test SGX PCK Platform CA,O=verified-proxy tests,C=US"), root, true, 0,
                DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, b -> { });
        processorCa = issue(new X500Name("CN=Test SGX PCK Processor CA,O=verified-proxy tests,C=US"), root, true, 0,
                DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, b -> { });
        tcbSigner = issue(new X500Name("CN=Test SGX TCB Signing,O=verified-proxy tests,C=US"), root, false, null,
                options.tcbSignerNotBefore, options.tcbSignerNotAfter, b -> { });
        pck = newPck(options.pck);
    }

    /** Options for {@link #generate(Options)}. */
    public record Options(PckSpec pck, Instant tcbSignerNotBefore, Instant tcbSignerNotAfter) {
        public static Options defaults() {
            return new Options(PckSpec.defaults(), DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER);
        }

        public Options pck(PckSpec spec) {
            return new Options(spec, tcbSignerNotBefore, tcbSignerNotAfter);
        }

        public Options tcbSignerValidity(Instant from, Instant until) {
            return new Options(pck, from, until);
        }
    }

    /** A fresh PKI with a default PCK under the platform CA. */
    public static TestPki generate() {
        return new TestPki(Options.defaults());
    }

    public static TestPki generate(Options options) {
        return new TestPki(options);
    }

    public TestCertificate root() {
        return root;
    }

    public X509Certificate rootCertificate() {
        return root.certificate();
    }

    public String rootCertificatePem() {
        return root.pem();
    }

    public byte[] rootCertificateDer() {
        return root.der();
    }

    public TestCertificate platformCa() {
        return platformCa;
    }

    public TestCertificate processorCa() {
        return processorCa;
    }

    public TestCertificate tcbSigner() {
        return tcbSigner;
    }

    /** TCB signer + root, PEM: the issuer chain of TCB info and QE identity. */
    public String tcbSigningChainPem() {
        return tcbSigner.pem() + root.pem();
    }

    /** The default PCK leaf (platform CA). */
    public TestPck pck() {
        return pck;
    }

    public TestCertificate ca(PckSpec.CaType type) {
        return type == PckSpec.CaType.PLATFORM ? platformCa : processorCa;
    }

    /** A quote forge signing with the default PCK and a fresh attestation key. */
    public QuoteForge forge() {
        return new QuoteForge(pck);
    }

    /** A new PCK leaf with this SGX extension, issued by the spec's CA. */
    public TestPck newPck(PckSpec spec) {
        TestCertificate issuer = ca(spec.caType());
        TestCertificate leaf = issue(new X500Name("CN=Test SGX PCK Certificate,O=verified-proxy tests,C=US"), issuer,
                false, null, spec.notBefore(), spec.notAfter(), b -> addSgxExtension(b, spec));
        return new TestPck(leaf, issuer, spec, leaf.pem() + issuer.pem() + root.pem());
    }

    /**
     * Issues any certificate in this PKI (for negative cases: a CA as signer, odd extensions).
     *
     * @param issuer  null for a self-signed certificate
     * @param pathLen the CA path length constraint, or null for none
     * @param extra   adds further extensions
     */
    public TestCertificate issue(X500Name subject, TestCertificate issuer, boolean ca, Integer pathLen,
                                 Instant notBefore, Instant notAfter, Consumer<X509v3CertificateBuilder> extra) {
        KeyPair keys = TestSigner.newKeyPair();
        X500Name issuerName = issuer == null ? subject : name(issuer.certificate());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(128, RANDOM).setBit(127), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(
                    issuer == null ? keys.getPublic() : issuer.certificate().getPublicKey()));
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true,
                        pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            }
            extra.accept(builder);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    TestSigner.contentSigner(issuer == null ? keys.getPrivate() : issuer.privateKey())));
            return new TestCertificate(certificate, keys);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addSgxExtension(X509v3CertificateBuilder builder, PckSpec spec) {
        String sgx = SGX_EXTENSION_OID;
        ASN1EncodableVector top = new ASN1EncodableVector();
        if (!spec.omit().contains("ppid")) {
            top.add(entry(sgx + ".1", new DEROctetString(spec.ppid())));
        }
        if (!spec.omit().contains("tcb")) {
            ASN1EncodableVector tcb = new ASN1EncodableVector();
            for (int i = 0; i < 16; i++) {
                tcb.add(entry(sgx + ".2." + (i + 1), new ASN1Integer(spec.componentSvns()[i])));
            }
            tcb.add(entry(sgx + ".2.17", new ASN1Integer(spec.pceSvn())));
            tcb.add(entry(sgx + ".2.18", new DEROctetString(spec.cpuSvn())));
            top.add(entry(sgx + ".2", new DERSequence(tcb)));
        }
        if (!spec.omit().contains("pceid")) {
            top.add(entry(sgx + ".3", new DEROctetString(spec.pceId())));
        }
        if (!spec.omit().contains("fmspc")) {
            top.add(entry(sgx + ".4", new DEROctetString(spec.fmspc())));
        }
        if (!spec.omit().contains("sgxtype")) {
            top.add(entry(sgx + ".5", new ASN1Enumerated(spec.sgxType())));
        }
        if (spec.caType() == PckSpec.CaType.PLATFORM) {
            top.add(entry(sgx + ".6", new DEROctetString(CollateralSpec.filled(16, 0x66))));
            top.add(entry(sgx + ".7", new DERSequence(new ASN1Encodable[] {
                    entry(sgx + ".7.1", ASN1Boolean.FALSE), entry(sgx + ".7.2", ASN1Boolean.TRUE),
                    entry(sgx + ".7.3", ASN1Boolean.TRUE)})));
        }
        try {
            builder.addExtension(new ASN1ObjectIdentifier(sgx), spec.criticalSgxExtension(), new DERSequence(top));
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DERSequence entry(String oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }

    private static X500Name name(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** A DER CRL (v2, CRL number, AKI) signed by {@code issuer}, listing {@code revoked}. */
    public byte[] crl(TestCertificate issuer, Instant thisUpdate, Instant nextUpdate, List<BigInteger> revoked) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(name(issuer.certificate()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger serial : revoked) {
                builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
            return builder.build(TestSigner.contentSigner(issuer.privateKey())).getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw r||s signature of the TCB signer over this exact text. */
    public byte[] signJson(String json) {
        return TestSigner.signRaw(tcbSigner.privateKey(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** Collateral with the defaults of {@link CollateralSpec} for this TEE. */
    public QuoteCollateral collateral(TeeType tee) {
        return collateral(CollateralSpec.of(tee));
    }

    /** Signed collateral as described by the spec. */
    public QuoteCollateral collateral(CollateralSpec spec) {
        String tcbInfo = spec.tcbInfoJson != null ? spec.tcbInfoJson : tcbInfoJson(spec);
        String qeIdentity = spec.qeIdentityJson != null ? spec.qeIdentityJson : qeIdentityJson(spec);
        TestCertificate signer = spec.jsonSigner != null ? spec.jsonSigner : tcbSigner;
        String signerChain = spec.jsonSignerChain != null ? spec.jsonSignerChain : tcbSigningChainPem();
        TestCertificate pckCa = ca(spec.pckCrlIssuer != null ? spec.pckCrlIssuer : pck.spec().caType());
        return new QuoteCollateral.Builder()
                .pckCrlIssuerChain(pckCa.pem() + root.pem())
                .rootCaCrl(crl(root, spec.crlThisUpdate, spec.rootCrlNextUpdate, spec.revokedInRootCrl))
                .pckCrl(crl(pckCa, spec.crlThisUpdate, spec.pckCrlNextUpdate, spec.revokedInPckCrl))
                .tcbInfoIssuerChain(signerChain)
                .tcbInfo(tcbInfo)
                .tcbInfoSignature(TestSigner.signRaw(signer.privateKey(), tcbInfo.getBytes(StandardCharsets.UTF_8)))
                .qeIdentityIssuerChain(signerChain)
                .qeIdentity(qeIdentity)
                .qeIdentitySignature(TestSigner.signRaw(signer.privateKey(),
                        qeIdentity.getBytes(StandardCharsets.UTF_8)))
                .pckCertificateChain(spec.pckCertificateChain == null ? null : spec.pckCertificateChain.chainPem())
                .build();
    }

    /** The TCB info text the spec describes (compact JSON, Intel's key order). */
    public String tcbInfoJson(CollateralSpec spec) {
        boolean tdx = spec.tee == TeeType.TDX;
        JsonObjectBuilder info = Json.createObjectBuilder()
                .add("id", spec.tcbInfoId != null ? spec.tcbInfoId : spec.tee.name())
                .add("version", spec.tcbInfoVersion)
                .add("issueDate", date(spec.tcbIssueDate))
                .add("nextUpdate", date(spec.tcbNextUpdate))
                .add("fmspc", spec.fmspc != null ? spec.fmspc : pck.spec().fmspcHex())
                .add("pceId", spec.pceId)
                .add("tcbType", 0)
                .add("tcbEvaluationDataNumber", 17);
        if (tdx && spec.tdxModule) {
            info.add("tdxModule", Json.createObjectBuilder().add("mrsigner", hex(spec.moduleMrSigner))
                    .add("attributes", hex(spec.moduleAttributes)).add("attributesMask", hex(spec.moduleAttributesMask)));
            List<ModuleIdentitySpec> identities = spec.moduleIdentities != null ? spec.moduleIdentities
                    : List.of(new ModuleIdentitySpec("TDX_01", spec.moduleMrSigner, spec.moduleAttributes,
                            spec.moduleAttributesMask, List.of(IsvLevelSpec.of(0, spec.moduleStatus))));
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (ModuleIdentitySpec id : identities) {
                array.add(Json.createObjectBuilder().add("id", id.id()).add("mrsigner", hex(id.mrSigner()))
                        .add("attributes", hex(id.attributes())).add("attributesMask", hex(id.attributesMask()))
                        .add("tcbLevels", isvLevels(id.levels())));
            }
            info.add("tdxModuleIdentities", array);
        }
        List<TcbLevelSpec> levels = spec.tcbLevels != null ? spec.tcbLevels
                : List.of(new TcbLevelSpec(new int[16], 0, tdx ? new int[16] : null, spec.tcbStatus.text(),
                        spec.advisoryIds));
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (TcbLevelSpec level : levels) {
            JsonObjectBuilder tcb = Json.createObjectBuilder().add("sgxtcbcomponents", components(level.sgxComponents()))
                    .add("pcesvn", level.pceSvn());
            if (level.tdxComponents() != null) {
                tcb.add("tdxtcbcomponents", components(level.tdxComponents()));
            }
            JsonObjectBuilder entry = Json.createObjectBuilder().add("tcb", tcb).add("tcbDate", "2024-03-13T00:00:00Z")
                    .add("tcbStatus", level.status());
            if (!level.advisoryIds().isEmpty()) {
                entry.add("advisoryIDs", strings(level.advisoryIds()));
            }
            array.add(entry);
        }
        info.add("tcbLevels", array);
        return info.build().toString();
    }

    /** The QE identity text the spec describes. */
    public String qeIdentityJson(CollateralSpec spec) {
        boolean tdx = spec.tee == TeeType.TDX;
        List<IsvLevelSpec> levels = spec.qeLevels != null ? spec.qeLevels
                : List.of(new IsvLevelSpec(0, spec.qeStatus.text(), spec.qeAdvisoryIds));
        return Json.createObjectBuilder()
                .add("id", spec.qeId != null ? spec.qeId : tdx ? "TD_QE" : "QE")
                .add("version", spec.qeVersion)
                .add("issueDate", date(spec.qeIssueDate))
                .add("nextUpdate", date(spec.qeNextUpdate))
                .add("tcbEvaluationDataNumber", 17)
                .add("miscselect", spec.qeMiscSelect)
                .add("miscselectMask", spec.qeMiscSelectMask)
                .add("attributes", spec.qeAttributes)
                .add("attributesMask", spec.qeAttributesMask)
                .add("mrsigner", hex(spec.qeMrSigner))
                .add("isvprodid", spec.qeIsvProdId != null ? spec.qeIsvProdId : tdx ? 2 : 1)
                .add("tcbLevels", isvLevels(levels))
                .build().toString();
    }

    private static JsonArrayBuilder isvLevels(List<IsvLevelSpec> levels) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (IsvLevelSpec level : levels) {
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("tcb", Json.createObjectBuilder().add("isvsvn", level.isvSvn()))
                    .add("tcbDate", "2024-03-13T00:00:00Z").add("tcbStatus", level.status());
            if (!level.advisoryIds().isEmpty()) {
                entry.add("advisoryIDs", strings(level.advisoryIds()));
            }
            array.add(entry);
        }
        return array;
    }

    private static JsonArrayBuilder components(int[] svns) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (int svn : svns) {
            array.add(Json.createObjectBuilder().add("svn", svn));
        }
        return array;
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    static String date(Instant instant) {
        return JSON_DATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT);
    }

    /** Serial numbers to revoke, for {@link CollateralSpec#revokeInPckCrl}. */
    public static List<BigInteger> serials(TestCertificate... certificates) {
        List<BigInteger> out = new ArrayList<>();
        for (TestCertificate c : certificates) {
            out.add(c.certificate().getSerialNumber());
        }
        return out;
    }
}
