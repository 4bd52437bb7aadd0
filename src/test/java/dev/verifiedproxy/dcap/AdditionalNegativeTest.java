package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.QuoteFormatProblem;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.DcapSamples;
import dev.verifiedproxy.testing.dcap.DcapVector;
import dev.verifiedproxy.testing.dcap.IsvLevelSpec;
import dev.verifiedproxy.testing.dcap.ModuleIdentitySpec;
import dev.verifiedproxy.testing.dcap.PckSpec;
import dev.verifiedproxy.testing.dcap.QuoteForge;
import dev.verifiedproxy.testing.dcap.QuoteSpec;
import dev.verifiedproxy.testing.dcap.TcbLevelSpec;
import dev.verifiedproxy.testing.dcap.TdReportSpec;
import dev.verifiedproxy.testing.dcap.TestCertificate;
import dev.verifiedproxy.testing.dcap.TestPck;
import dev.verifiedproxy.testing.dcap.TestPki;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.verifiedproxy.dcap.NegativeChecklistTest.AT;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.FORGE;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.PKI;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.TDX;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.VERIFIER;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.fails;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.tdx;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.verified;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dcap-tests.md §B "additional negative cases", the time windows, and our deliberate deviations from dcap-qvl. */
class AdditionalNegativeTest {

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    // ---------------------------------------------------------------- CRLs

    @Test
    void processorCrlForAPlatformPck() {
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_MISSING,
                tdx(CollateralSpec.tdx().pckCrlIssuer(PckSpec.CaType.PROCESSOR)));
    }

    @Test
    void pckLeafRevoked() {
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CERT_REVOKED, tdx(CollateralSpec.tdx()
                .revokeInPckCrl(PKI.pck().leaf().certificate().getSerialNumber())));
    }

    @Test
    void pckCaRevokedByRoot() {
        fails(DcapFailure.PCK_CHAIN_INVALID,
                CertificateProblem.CERT_REVOKED, tdx(CollateralSpec.tdx()
                        .revokeInRootCrl(PKI.platformCa().certificate().getSerialNumber())));
    }

    @Test
    void tcbSignerRevoked() {
        fails(DcapFailure.TCB_INFO_CHAIN_INVALID, CertificateProblem.CERT_REVOKED, tdx(CollateralSpec.tdx()
                .revokeInRootCrl(PKI.tcbSigner().certificate().getSerialNumber())));
    }

    @Test
    void rootSerialInRootCrl() {
        fails(DcapFailure.ROOT_CA_CRL_INVALID, CertificateProblem.CERT_REVOKED, tdx(CollateralSpec.tdx()
                .revokeInRootCrl(PKI.rootCertificate().getSerialNumber())));
    }

    @Test
    void expiredRootCrl() {
        fails(DcapFailure.ROOT_CA_CRL_INVALID, CertificateProblem.CRL_EXPIRED,
                tdx(CollateralSpec.tdx().rootCrlNextUpdate(AT)));
    }

    @Test
    void expiredPckCrl() {
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_EXPIRED,
                tdx(CollateralSpec.tdx().pckCrlNextUpdate(AT)));
    }

    @Test
    void rootCrlSignedByAnotherKey() {
        QuoteCollateral other = TestPki.generate().collateral(CollateralSpec.tdx());
        fails(DcapFailure.ROOT_CA_CRL_INVALID, CertificateProblem.CRL_SIGNATURE_INVALID,
                verify(FORGE.forge(tdx()), TDX.toBuilder().rootCaCrl(other.rootCaCrl()).build()));
    }

    @Test
    void malformedCrl() {
        fails(DcapFailure.CRL_MALFORMED, verify(FORGE.forge(tdx()), TDX.toBuilder().pckCrl(new byte[] {0x30, 0}).build()));
    }

    // ---------------------------------------------------------------- quote

    @Test
    void qeAuthDataNot32Bytes() {
        fails(DcapFailure.QE_AUTH_DATA_LENGTH_INVALID, tdx(tdx().qeAuthData(new byte[16])));
    }

    @Test
    void unknownQeVendor() {
        fails(DcapFailure.QE_VENDOR_UNKNOWN, tdx(tdx().qeVendorId(new byte[16])));
    }

    @Test
    void formatProblems() {
        fails(QuoteFormatProblem.INVALID_TEE_TYPE, tdx(tdx().version(3)));
        fails(QuoteFormatProblem.UNSUPPORTED_BODY_TYPE, tdx(tdx().version(5).v5BodyType(4)));
        fails(QuoteFormatProblem.BODY_TYPE_MISMATCH, tdx(tdx().version(5).v5BodyType(1)));
        byte[] big = FORGE.forge(tdx());
        big[632 + 2] = 0x20;
        fails(QuoteFormatProblem.LENGTH_TOO_LARGE, verify(big, TDX));
    }

    @Test
    void attestationKeyNotOnTheCurve() {
        fails(DcapFailure.QE_REPORT_DATA_MISMATCH, tdx(tdx().attestationKey(filled(64, 1))));
        // Bound into the QE report but not a point: the forge binds what it writes when told to.
        byte[] bad = filled(64, 1);
        fails(DcapFailure.ATTESTATION_KEY_INVALID, tdx(tdx().attestationKey(bad).qeReportData(boundReportData(bad))));
    }

    private static byte[] boundReportData(byte[] key) {
        byte[] in = Arrays.copyOf(key, 64 + 32);
        for (int i = 0; i < 32; i++) {
            in[64 + i] = (byte) i;
        }
        return Arrays.copyOf(EcdsaP256.sha256(in), 64);
    }

    @Test
    void serviceTd() {
        byte[] quote = FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder().mrServiceTd(filled(48, 9)).build())
                .tdReport15());
        fails(DcapFailure.SERVICE_TD_NOT_ALLOWED, verify(quote, TDX));
        verified(VERIFIER.verify(quote, TDX, AT, new DcapOptions(false, true)));
        verified(verify(FORGE.forge(NegativeChecklistTest.tdx().tdReport15()), TDX));
    }

    // ---------------------------------------------------------------- TDX module

    @Test
    void moduleMrSignerMismatch() {
        fails(DcapFailure.TDX_MODULE_MRSIGNER_MISMATCH,
                tdx(QuoteSpec.tdx(TdReportSpec.builder().mrSignerSeam(filled(48, 7)).build())));
    }

    @Test
    void seamAttributeOutsideMask() {
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx().moduleIdentities(new ModuleIdentitySpec("TDX_01",
                new byte[48], new byte[8], new byte[8], List.of(IsvLevelSpec.of(0, TcbStatus.UP_TO_DATE)))));
        byte[] seam = new byte[8];
        seam[0] = 1;
        fails(DcapFailure.TDX_MODULE_ATTRIBUTES_MISMATCH,
                verify(FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder().seamAttributes(seam).build())), c));
    }

    @Test
    void moduleVersionWithoutIdentity() {
        byte[] svn = TdReportSpec.defaults().teeTcbSvn().clone();
        svn[1] = 2;
        fails(DcapFailure.TDX_MODULE_IDENTITY_NOT_FOUND,
                tdx(QuoteSpec.tdx(TdReportSpec.builder().teeTcbSvn(svn).build())));
        // Intel's rule, not dcap-qvl's: no identities at all is not a pass either.
        fails(DcapFailure.TDX_MODULE_IDENTITY_NOT_FOUND, NegativeChecklistTest.tdx(CollateralSpec.tdx().moduleIdentities()));
    }

    @Test
    void moduleVersionZeroNeedsNoIdentity() {
        byte[] svn = new byte[16];
        DcapResult r = verify(FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder().teeTcbSvn(svn).build())),
                PKI.collateral(CollateralSpec.tdx().moduleIdentities()));
        verified(r);
        assertEquals(null, r.moduleTcb());
    }

    @Test
    void moduleIsvSvnBelowEveryLevel() {
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx().moduleIdentities(new ModuleIdentitySpec("TDX_01",
                new byte[48], new byte[8], filled(8, 0xFF), List.of(IsvLevelSpec.of(9, TcbStatus.UP_TO_DATE)))));
        fails(DcapFailure.TDX_MODULE_ISVSVN_TOO_LOW, verify(FORGE.forge(tdx()), c));
    }

    @Test
    void moduleStatusIsMergedIntoPlatform() {
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx().tcbStatus(TcbStatus.UP_TO_DATE, "INTEL-SA-P")
                .moduleIdentities(new ModuleIdentitySpec("tdx_01", new byte[48], new byte[8], filled(8, 0xFF),
                        List.of(IsvLevelSpec.of(9, TcbStatus.UP_TO_DATE),
                                IsvLevelSpec.of(2, TcbStatus.OUT_OF_DATE, "INTEL-SA-M")))));
        DcapResult r = verify(FORGE.forge(tdx()), c);
        verified(r);
        assertEquals(new TcbResult(TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-M")), r.moduleTcb());
        assertEquals(new TcbResult(TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-P", "INTEL-SA-M")), r.platformTcb());
        assertEquals(TcbStatus.OUT_OF_DATE, r.status());
    }

    @Test
    void tdxComponentsFromIndexTwoWhenTheModuleIsVersioned() {
        // Level demands module ISVSVN 9 in tdxtcbcomponents[0]; the module is judged by its identity instead.
        int[] tdxComponents = new int[16];
        tdxComponents[0] = 9;
        verified(NegativeChecklistTest.tdx(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 0, tdxComponents, TcbStatus.UP_TO_DATE))));
        byte[] svn = TdReportSpec.defaults().teeTcbSvn().clone();
        svn[1] = 0;
        fails(DcapFailure.NO_MATCHING_TCB_LEVEL, verify(FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder()
                .teeTcbSvn(svn).build())), PKI.collateral(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 0, tdxComponents, TcbStatus.UP_TO_DATE)))));
    }

    @Test
    void componentCountMismatch() {
        fails(DcapFailure.SGX_COMPONENT_COUNT_MISMATCH, NegativeChecklistTest.tdx(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[8], 0, new int[16], TcbStatus.UP_TO_DATE))));
        fails(DcapFailure.TDX_COMPONENT_COUNT_MISMATCH, NegativeChecklistTest.tdx(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 0, new int[20], TcbStatus.UP_TO_DATE))));
        fails(DcapFailure.TDX_COMPONENT_COUNT_MISMATCH, NegativeChecklistTest.tdx(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 0, null, TcbStatus.UP_TO_DATE))));
    }

    @Test
    void qeIsvSvnBelowEveryLevel() {
        fails(DcapFailure.QE_ISVSVN_TOO_LOW, NegativeChecklistTest.tdx(CollateralSpec.tdx()
                .qeLevels(IsvLevelSpec.of(5, TcbStatus.UP_TO_DATE))));
    }

    @Test
    void convergenceKeepsBothFactsWhereDcapQvlLosesOne() {
        DcapResult r = NegativeChecklistTest.tdx(CollateralSpec.tdx().tcbStatus(TcbStatus.CONFIGURATION_NEEDED, "A")
                .qeStatus(TcbStatus.OUT_OF_DATE, "B"));
        verified(r);
        assertEquals(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED, r.status());
        assertEquals(List.of("A", "B"), r.advisoryIds());
    }

    // ---------------------------------------------------------------- PCK certificate

    @Test
    void pceIdMismatch() {
        fails(DcapFailure.PCE_ID_MISMATCH, NegativeChecklistTest.tdx(CollateralSpec.tdx().pceId("0001")));
    }

    @Test
    void pckExtensionProblems() {
        TestPck disagreeing = PKI.newPck(PckSpec.defaults().componentSvns(new int[16]));
        fails(DcapFailure.PCK_EXTENSION_INVALID, verify(new QuoteForge(disagreeing).forge(tdx()), TDX));
        TestPck noFmspc = PKI.newPck(PckSpec.defaults().omit("fmspc"));
        fails(DcapFailure.PCK_EXTENSION_INVALID, verify(new QuoteForge(noFmspc).forge(tdx()), TDX));
        // An empty extension value (found by PckExtensionsFuzzTest; once a NullPointerException).
        DcapException empty = org.junit.jupiter.api.Assertions.assertThrows(DcapException.class,
                () -> PckExtensions.of(new byte[] {4, 0}, "CN=Intel SGX PCK Platform CA"));
        assertEquals(DcapFailure.PCK_EXTENSION_INVALID, empty.failure());
        // BER that BouncyCastle refuses with an IllegalStateException (found by the fuzz test too).
        DcapException ber = org.junit.jupiter.api.Assertions.assertThrows(DcapException.class,
                () -> PckExtensions.of(java.util.HexFormat.of().parseHex("e18023030301802300000000000e01"),
                        "CN=Intel SGX PCK Platform CA"));
        assertEquals(DcapFailure.PCK_EXTENSION_INVALID, ber.failure());
        TestPck critical = PKI.newPck(PckSpec.defaults().criticalSgxExtension(true));
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.UNSUPPORTED_CRITICAL_EXTENSION,
                verify(new QuoteForge(critical).forge(tdx()), TDX));
    }

    @Test
    void expiredCertificates() {
        TestPck old = PKI.newPck(PckSpec.defaults().validity(Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z")));
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CERT_EXPIRED, verify(new QuoteForge(old).forge(tdx()), TDX));
        TestPck future = PKI.newPck(PckSpec.defaults().validity(Instant.parse("2035-01-01T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z")));
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CERT_NOT_YET_VALID,
                verify(new QuoteForge(future).forge(tdx()), TDX));
        TestPki expiredSigner = TestPki.generate(TestPki.Options.defaults().tcbSignerValidity(
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z")));
        DcapResult r = new DcapVerifier(expiredSigner.rootCertificate()).verify(expiredSigner.forge().forge(tdx()),
                expiredSigner.collateral(CollateralSpec.tdx()), AT, DcapOptions.DEFAULT);
        fails(DcapFailure.TCB_INFO_CHAIN_INVALID, CertificateProblem.CERT_EXPIRED, r);
    }

    @Test
    void chainFromAnotherPkiWithTheSameNames() {
        TestPki other = TestPki.generate();
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.SIGNATURE_INVALID, verify(other.forge().forge(tdx()), TDX));
    }

    @Test
    void rootCopyInTheChainMustBeThePinnedRoot() {
        TestPki other = TestPki.generate();
        String tampered = PKI.pck().leaf().pem() + PKI.platformCa().pem() + other.rootCertificatePem();
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.UNEXPECTED_CERTIFICATE,
                tdx(tdx().pckChainPem(tampered)));
        String withoutRoot = PKI.pck().leaf().pem() + PKI.platformCa().pem();
        verified(tdx(tdx().pckChainPem(withoutRoot)));
        String extra = PKI.pck().chainPem() + PKI.processorCa().pem();
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.UNEXPECTED_CERTIFICATE, tdx(tdx().pckChainPem(extra)));
    }

    @Test
    void textOutsidePemBlocks() {
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CHAIN_MALFORMED,
                tdx(tdx().pckChainPem(PKI.pck().chainPem() + "extra")));
        verified(tdx(tdx().pckChainPem(PKI.pck().chainPem() + "\n\0\0")));
    }

    @Test
    void endEntityUsedAsCa() {
        TestCertificate fakeCa = PKI.issue(new X500Name("CN=Leaf As CA,O=verified-proxy tests,C=US"), PKI.root(), false,
                null, TestPki.DEFAULT_NOT_BEFORE, TestPki.DEFAULT_NOT_AFTER, b -> { });
        TestCertificate signer = PKI.issue(new X500Name("CN=Signed By Leaf,O=verified-proxy tests,C=US"), fakeCa, false,
                null, TestPki.DEFAULT_NOT_BEFORE, TestPki.DEFAULT_NOT_AFTER, b -> { });
        fails(DcapFailure.TCB_INFO_CHAIN_INVALID, CertificateProblem.END_ENTITY_USED_AS_CA,
                NegativeChecklistTest.tdx(CollateralSpec.tdx().jsonSigner(signer, signer.pem() + fakeCa.pem())));
    }

    // ---------------------------------------------------------------- trust anchor

    @Test
    void testCollateralIsNotTrustedByTheIntelRoot() {
        DcapResult r = DcapVerifier.withIntelRootCa().verify(FORGE.forge(tdx()), TDX, AT, DcapOptions.DEFAULT);
        fails(DcapFailure.ROOT_CA_CRL_INVALID, CertificateProblem.CRL_MISSING, r);
    }

    @Test
    void forgedQuoteWithRealIntelCollateral() {
        DcapVector v = DcapVector.ALL.get(1);
        DcapResult r = DcapVerifier.withIntelRootCa().verify(FORGE.forge(tdx()), v.collateralValue(), v.at(),
                DcapOptions.DEFAULT);
        fails(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.ISSUER_NOT_FOUND, r);
    }

    // ---------------------------------------------------------------- time windows (dcap-tests.md §A on forged data)

    @Test
    void windowIsInclusiveAndValidUntilIsItsLastSecond() {
        Instant from = Instant.parse("2031-03-01T00:00:00Z");
        Instant until = Instant.parse("2031-03-31T00:00:00Z");
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx().window(from, until));
        byte[] quote = FORGE.forge(tdx());
        fails(DcapFailure.TCB_INFO_NOT_YET_VALID, VERIFIER.verify(quote, c, from.minusSeconds(1), DcapOptions.DEFAULT));
        verified(VERIFIER.verify(quote, c, from, DcapOptions.DEFAULT));
        DcapResult last = VERIFIER.verify(quote, c, until.plusMillis(999), DcapOptions.DEFAULT);
        verified(last);
        assertEquals(until, last.collateralValidUntil());
        assertEquals(until, VERIFIER.prepare(c).validUntil());
        // One second later every CRL has expired too, and the root CRL is checked first (step 0).
        fails(DcapFailure.ROOT_CA_CRL_INVALID, CertificateProblem.CRL_EXPIRED,
                VERIFIER.verify(quote, c, until.plusSeconds(1), DcapOptions.DEFAULT));
    }

    @Test
    void validUntilIncludesThePckLeaf() {
        TestPck shortLived = PKI.newPck(PckSpec.defaults().validity(TestPki.DEFAULT_NOT_BEFORE,
                Instant.parse("2030-06-01T00:00:00Z")));
        DcapResult r = verify(new QuoteForge(shortLived).forge(tdx()), TDX);
        verified(r);
        assertEquals(Instant.parse("2030-06-01T00:00:00Z"), r.collateralValidUntil());
    }

    // ---------------------------------------------------------------- go-tdx-guest byte flips (dcap-tests.md §B)

    @Test
    void goTdxGuestByteFlips() {
        DcapVector v = DcapVector.ALL.get(5);
        QuoteCollateral c = v.collateralValue();
        Instant at = Instant.ofEpochSecond(1688173200L);
        DcapVerifier intel = DcapVerifier.withIntelRootCa();
        byte[] quote = v.quoteBytes();
        assertEquals(DcapFailure.NO_MATCHING_TCB_LEVEL, intel.verify(quote, c, at, DcapOptions.DEFAULT).failure());
        assertEquals(QuoteFormatProblem.INVALID_TEE_TYPE, flip(intel, quote, c, at, 0x00, 3).formatProblem());
        assertEquals(QuoteFormatProblem.TRUNCATED, flip(intel, quote, c, at, 0x278, 0x10).formatProblem());
        assertEquals(DcapFailure.PCK_CHAIN_INVALID, flip(intel, quote, c, at, 0xB77, 0x32).failure());
        assertEquals(DcapFailure.PCK_CHAIN_INVALID, flip(intel, quote, c, at, 0xF5F, 0x32).failure());
        assertEquals(DcapFailure.QUOTE_SIGNATURE_INVALID, flip(intel, quote, c, at, 0x1E, 0x32).failure());
        assertEquals(DcapFailure.QUOTE_SIGNATURE_INVALID, flip(intel, quote, c, at, 0x3C, 0x32).failure());
        // Inside the root copy: dcap-qvl ignores it; we refuse it like go-tdx-guest and Intel.
        assertEquals(DcapFailure.PCK_CHAIN_INVALID, flip(intel, quote, c, at, 0x1329, 0x32).failure());
        DcapResult tail = flip(intel, quote, c, at, 0x1343, 0x32);
        assertEquals(DcapFailure.PCK_CHAIN_INVALID, tail.failure(), tail.toString());
    }

    private static DcapResult flip(DcapVerifier verifier, byte[] quote, QuoteCollateral c, Instant at, int offset,
                                   int value) {
        byte[] copy = quote.clone();
        copy[offset] = (byte) value;
        return verifier.verify(copy, c, at, DcapOptions.DEFAULT);
    }

    /**
     * QuoteCollateralV3 out and in again: equal, the signed texts byte for byte as the sample file holds them
     * (read independently of CollateralJson), byte fields as lower-case hex, upper-case hex accepted, and the
     * round-tripped bundle still verifies the quote with the same facts.
     */
    @Test
    void collateralJsonRoundTrip() throws Exception {
        DcapVector v = DcapVector.ALL.get(0);
        QuoteCollateral c = v.collateralValue();
        JsonObject written = CollateralJson.toJson(c);
        QuoteCollateral back = CollateralJson.quoteCollateral(written.toString());
        assertEquals(c, back);
        QuoteCollateral withChain = c.withPckCertificateChain("chain");
        assertEquals(withChain, CollateralJson.quoteCollateral(CollateralJson.toJson(withChain).toString()));
        assertFalse(written.containsKey("pck_certificate_chain"));

        JsonObject file = Json.createReader(new StringReader(DcapSamples.text(v.collateral()))).readObject();
        assertEquals(file.getString("tcb_info"), back.tcbInfo());
        assertEquals(file.getString("qe_identity"), back.qeIdentity());
        for (String key : List.of("root_ca_crl", "pck_crl", "tcb_info_signature", "qe_identity_signature")) {
            assertEquals(file.getString(key).toLowerCase(Locale.ROOT), written.getString(key), key);
        }
        JsonObject upper = Json.createObjectBuilder(written).add("pck_crl",
                written.getString("pck_crl").toUpperCase(Locale.ROOT)).build();
        assertEquals(c, CollateralJson.quoteCollateral(upper.toString()));

        DcapResult direct = new DcapVerifier(DcapVerifier.withIntelRootCa().trustAnchor())
                .verify(v.quoteBytes(), c, v.at(), DcapOptions.DEFAULT);
        DcapResult roundTripped = new DcapVerifier(DcapVerifier.withIntelRootCa().trustAnchor())
                .verify(v.quoteBytes(), back, v.at(), DcapOptions.DEFAULT);
        assertTrue(roundTripped.verified(), roundTripped.toString());
        assertEquals(direct.tcb(), roundTripped.tcb());
        assertEquals(direct.collateralValidUntil(), roundTripped.collateralValidUntil());
    }
}
