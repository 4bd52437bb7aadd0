package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.QuoteFormatProblem;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.IsvLevelSpec;
import dev.verifiedproxy.testing.dcap.PckSpec;
import dev.verifiedproxy.testing.dcap.QuoteForge;
import dev.verifiedproxy.testing.dcap.QuoteSpec;
import dev.verifiedproxy.testing.dcap.SgxReportSpec;
import dev.verifiedproxy.testing.dcap.TcbLevelSpec;
import dev.verifiedproxy.testing.dcap.TdReportSpec;
import dev.verifiedproxy.testing.dcap.TestPck;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dcap-tests.md §B: dcap-qvl's generated corpus, ported as recipes on the test PKI and quote forge, one
 * test per case named after it; each asserts the specific failure (and its detail).
 */
class NegativeChecklistTest {

    static final TestPki PKI = TestPki.generate();
    static final QuoteForge FORGE = PKI.forge();
    static final DcapVerifier VERIFIER = new DcapVerifier(PKI.rootCertificate());
    static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");
    static final QuoteCollateral TDX = PKI.collateral(CollateralSpec.tdx());
    static final QuoteCollateral SGX = PKI.collateral(CollateralSpec.sgx());

    static DcapResult verify(byte[] quote, QuoteCollateral collateral) {
        return VERIFIER.verify(quote, collateral, AT, DcapOptions.DEFAULT);
    }

    static QuoteSpec tdx() {
        return QuoteSpec.tdx(TdReportSpec.defaults());
    }

    static QuoteSpec sgx() {
        return QuoteSpec.sgx(SgxReportSpec.defaults());
    }

    static DcapResult tdx(QuoteSpec spec) {
        return verify(FORGE.forge(spec), TDX);
    }

    static DcapResult tdx(CollateralSpec spec) {
        return verify(FORGE.forge(tdx()), PKI.collateral(spec));
    }

    static DcapResult sgx(CollateralSpec spec) {
        return verify(FORGE.forge(sgx()), PKI.collateral(spec));
    }

    static void fails(DcapFailure expected, DcapResult r) {
        assertEquals(expected, r.failure(), r.toString());
    }

    static void fails(DcapFailure expected, CertificateProblem detail, DcapResult r) {
        assertEquals(expected, r.failure(), r.toString());
        assertEquals(detail, r.certificateProblem(), r.toString());
    }

    static void fails(QuoteFormatProblem expected, DcapResult r) {
        assertEquals(DcapFailure.QUOTE_FORMAT, r.failure(), r.toString());
        assertEquals(expected, r.formatProblem(), r.toString());
    }

    static void verified(DcapResult r) {
        assertTrue(r.verified(), r.toString());
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    // ---------------------------------------------------------------- §B 1-22: quotes

    @Test
    void validSgxV3() {
        DcapResult r = verify(FORGE.forge(sgx()), SGX);
        verified(r);
        assertEquals(TcbStatus.UP_TO_DATE, r.status());
    }

    @Test
    void invalidSgxV4() {
        fails(DcapFailure.SGX_QUOTE_VERSION_UNSUPPORTED, verify(FORGE.forge(sgx().version(4)), SGX));
    }

    @Test
    void validTdxV4() {
        DcapResult r = tdx(tdx());
        verified(r);
        assertEquals(TcbStatus.UP_TO_DATE, r.status());
        assertEquals(List.of(), r.advisoryIds());
    }

    @Test
    void invalidQuoteV5() {
        fails(DcapFailure.SGX_QUOTE_VERSION_UNSUPPORTED, verify(FORGE.forge(sgx().version(5)), SGX));
    }

    @Test
    void tdxDebugEnabled() {
        byte[] quote = FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder().debug(true).build()));
        fails(DcapFailure.DEBUG_ENABLED, verify(quote, TDX));
        verified(VERIFIER.verify(quote, TDX, AT, new DcapOptions(true, false)));
    }

    @Test
    void tdxSeptVeDisabled() {
        fails(DcapFailure.SEPT_VE_DISABLE_NOT_SET,
                tdx(QuoteSpec.tdx(TdReportSpec.builder().tdAttributes(new byte[8]).build())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000005000000000", "0000009000000000", "00000010000000" + "80"})
    void tdxPksKlAndPerfmonAreAllowed(String attributes) {
        verified(tdx(QuoteSpec.tdx(TdReportSpec.builder().tdAttributes(hex(attributes)).build())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0200001000000000", "0001001000000000", "0000003000000000", "0000001080000000",
            "0000001000000040"})
    void reservedTdAttributeBits(String attributes) {
        byte[] quote = FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder().tdAttributes(hex(attributes)).build()));
        fails(DcapFailure.TD_ATTRIBUTES_RESERVED_BITS, VERIFIER.verify(quote, TDX, AT, new DcapOptions(true, true)));
    }

    @Test
    void debugSgxV3() {
        byte[] quote = FORGE.forge(QuoteSpec.sgx(SgxReportSpec.defaults().debug(true)));
        fails(DcapFailure.DEBUG_ENABLED, verify(quote, SGX));
        verified(VERIFIER.verify(quote, SGX, AT, new DcapOptions(true, false)));
    }

    @Test
    void invalidQuoteFormat() {
        byte[] ff = new byte[100];
        Arrays.fill(ff, (byte) 0xFF);
        fails(QuoteFormatProblem.UNSUPPORTED_VERSION, verify(ff, TDX));
    }

    @Test
    void truncatedQuote() {
        fails(QuoteFormatProblem.TRUNCATED, verify(new byte[] {3, 0, 2, 0}, TDX));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 6, 255})
    void unsupportedVersion(int version) {
        fails(QuoteFormatProblem.UNSUPPORTED_VERSION, tdx(tdx().version(version)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 255})
    void unsupportedKeyType(int type) {
        fails(QuoteFormatProblem.UNSUPPORTED_ATTESTATION_KEY_TYPE, tdx(tdx().attestationKeyType(type)));
    }

    // ---------------------------------------------------------------- §B 23-33: TCB info

    @Test
    void tcbExpiredIsCheckedBeforeTheSignature() {
        String old = PKI.tcbInfoJson(CollateralSpec.tdx().tcbInfoDates(Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-12-31T00:00:00Z")).tcbLevels());
        fails(DcapFailure.TCB_INFO_EXPIRED, verify(FORGE.forge(tdx()), TDX.toBuilder().tcbInfo(old).build()));
    }

    @Test
    void tcbIssueDateFuture() {
        fails(DcapFailure.TCB_INFO_NOT_YET_VALID, tdx(CollateralSpec.tdx().tcbInfoDates(
                Instant.parse("2999-01-01T00:00:00Z"), Instant.parse("2999-12-31T00:00:00Z"))));
    }

    @Test
    void sgxTcbIdMismatch() {
        fails(DcapFailure.TCB_INFO_TEE_MISMATCH, sgx(CollateralSpec.sgx().tcbInfoId("TDX", 3)));
    }

    @Test
    void tdxQuoteWithSgxTcbInfo() {
        fails(DcapFailure.TCB_INFO_TEE_MISMATCH, tdx(CollateralSpec.tdx().tcbInfoId("SGX", 3)));
    }

    @Test
    void invalidTcbJson() {
        fails(DcapFailure.TCB_INFO_MALFORMED, tdx(CollateralSpec.tdx().tcbInfoJson("INVALID JSON")));
    }

    @Test
    void sgxComponentSvnMismatch() {
        int[] sgx = new int[16];
        sgx[0] = 1;
        sgx[1] = 2;
        sgx[2] = 3;
        fails(DcapFailure.NO_MATCHING_TCB_LEVEL,
                sgx(CollateralSpec.sgx().tcbLevels(TcbLevelSpec.of(sgx, 0, null, TcbStatus.UP_TO_DATE))));
    }

    @Test
    void tdxComponentSvnMismatch() {
        int[] tdxComponents = new int[16];
        tdxComponents[0] = 1;
        tdxComponents[1] = 2;
        tdxComponents[2] = 3;
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 1);
        byte[] quote = FORGE.forge(QuoteSpec.tdx(TdReportSpec.builder().teeTcbSvn(ones).build()));
        fails(DcapFailure.NO_MATCHING_TCB_LEVEL, verify(quote, PKI.collateral(CollateralSpec.tdx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 0, tdxComponents, TcbStatus.UP_TO_DATE)))));
    }

    @Test
    void componentSvnAllHigher() {
        verified(sgx(CollateralSpec.sgx()));
    }

    @Test
    void shortTcbChain() {
        fails(DcapFailure.TCB_INFO_CHAIN_INVALID, CertificateProblem.CHAIN_EMPTY,
                verify(FORGE.forge(tdx()), TDX.toBuilder().tcbInfoIssuerChain("\n").build()));
    }

    @Test
    void invalidCertFormat() {
        fails(DcapFailure.TCB_INFO_CHAIN_INVALID, CertificateProblem.CHAIN_MALFORMED,
                verify(FORGE.forge(tdx()), TDX.toBuilder().tcbInfoIssuerChain("not a certificate").build()));
    }

    @Test
    void invalidTcbSignature() {
        fails(DcapFailure.TCB_INFO_SIGNATURE_INVALID,
                verify(FORGE.forge(tdx()), TDX.toBuilder().tcbInfoSignature(new byte[64]).build()));
    }

    @Test
    void fmspcMismatch() {
        fails(DcapFailure.FMSPC_MISMATCH, tdx(CollateralSpec.tdx().fmspc("FFFFFFFFFFFF")));
    }

    // ---------------------------------------------------------------- §B 34-36: QE report and quote signatures

    @Test
    void qeReportHashMismatch() {
        fails(DcapFailure.QE_REPORT_DATA_MISMATCH, tdx(tdx().qeReportData(new byte[64])));
    }

    @Test
    void invalidQeReportSignature() {
        fails(DcapFailure.QE_REPORT_SIGNATURE_INVALID, tdx(tdx().qeReportSignature(new byte[64])));
    }

    @Test
    void invalidQuoteSignature() {
        byte[] rs = new byte[64];
        rs[31] = 1;
        rs[63] = 1;
        fails(DcapFailure.QUOTE_SIGNATURE_INVALID, tdx(tdx().quoteSignature(rs)));
    }

    // ---------------------------------------------------------------- §B 37-46: QE identity

    @Test
    void qeIdentityExpired() {
        fails(DcapFailure.QE_IDENTITY_EXPIRED, tdx(CollateralSpec.tdx().qeIdentityDates(
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-02T00:00:00Z"))));
    }

    @Test
    void qeIdentityIssueDateFuture() {
        fails(DcapFailure.QE_IDENTITY_NOT_YET_VALID, tdx(CollateralSpec.tdx().qeIdentityDates(
                Instant.parse("2999-01-01T00:00:00Z"), Instant.parse("2999-12-31T00:00:00Z"))));
    }

    @Test
    void invalidQeIdentityJson() {
        fails(DcapFailure.QE_IDENTITY_MALFORMED, tdx(CollateralSpec.tdx().qeIdentityJson("not valid json {{{")));
    }

    @Test
    void shortQeIdentityChain() {
        fails(DcapFailure.QE_IDENTITY_CHAIN_INVALID, CertificateProblem.CHAIN_EMPTY,
                verify(FORGE.forge(tdx()), TDX.toBuilder().qeIdentityIssuerChain("\n").build()));
    }

    @Test
    void invalidQeIdentitySignature() {
        fails(DcapFailure.QE_IDENTITY_SIGNATURE_INVALID,
                verify(FORGE.forge(tdx()), TDX.toBuilder().qeIdentitySignature(new byte[64]).build()));
    }

    @Test
    void qeIdentityOfTheOtherTee() {
        fails(DcapFailure.QE_IDENTITY_UNSUPPORTED, tdx(CollateralSpec.tdx().qeIdentityId("QE", 2)));
    }

    @Test
    void qeMrsignerMismatch() {
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xFF);
        fails(DcapFailure.QE_MRSIGNER_MISMATCH, tdx(CollateralSpec.tdx().qeMrSigner(ff)));
    }

    @Test
    void qeIsvprodidMismatch() {
        fails(DcapFailure.QE_ISVPRODID_MISMATCH, tdx(CollateralSpec.tdx().qeIsvProdId(999)));
    }

    @Test
    void qeMiscselectMismatch() {
        fails(DcapFailure.QE_MISCSELECT_MISMATCH, tdx(CollateralSpec.tdx().qeMiscSelect("FFFFFFFF", "FFFFFFFF")));
    }

    @Test
    void qeAttributesMismatch() {
        String ff = "FF".repeat(16);
        fails(DcapFailure.QE_ATTRIBUTES_MISMATCH, tdx(CollateralSpec.tdx().qeAttributes(ff, ff)));
    }

    @Test
    void qeDebugEnabled() {
        byte[] attributes = new byte[16];
        attributes[0] = 0x02;
        byte[] quote = FORGE.forge(tdx().qeAttributes(attributes));
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx().qeAttributes("02" + "00".repeat(15),
                "02" + "00".repeat(15)));
        fails(DcapFailure.QE_DEBUG_ENABLED, VERIFIER.verify(quote, c, AT, new DcapOptions(true, true)));
    }

    // ---------------------------------------------------------------- §B 47-49: statuses

    @Test
    void unknownTcbStatusNoLevels() {
        fails(DcapFailure.NO_MATCHING_TCB_LEVEL, tdx(CollateralSpec.tdx().tcbLevels()));
    }

    @Test
    void revokedPlatformTcb() {
        DcapResult r = tdx(CollateralSpec.tdx().tcbStatus(TcbStatus.REVOKED));
        fails(DcapFailure.TCB_REVOKED, r);
        assertEquals(TcbStatus.REVOKED, r.status());
    }

    @Test
    void revokedQeTcb() {
        fails(DcapFailure.TCB_REVOKED, tdx(CollateralSpec.tdx().qeStatus(TcbStatus.REVOKED)));
    }

    @Test
    void unknownStatusStringIsMalformed() {
        fails(DcapFailure.TCB_INFO_MALFORMED, tdx(CollateralSpec.tdx().tcbLevels(
                new TcbLevelSpec(new int[16], 0, new int[16], "Fine", List.of()))));
    }

    // ---------------------------------------------------------------- §B 50-54: PCK chain sources, CA as signer

    /**
     * The collateral's chain replaces the quote's, in both directions: a quote whose own chain belongs to
     * another PCK verifies with the signing PCK's chain in the collateral, and a genuine quote fails when the
     * collateral names another PCK. The facts reported are those of the chain used.
     */
    @Test
    void certType5WithPckChain() {
        TestPck other = PKI.newPck(PckSpec.defaults().ppid(hex("0102030405060708090a0b0c0d0e0f10")));
        byte[] wrongChainInQuote = FORGE.forge(tdx().pckChainPem(other.chainPem()));
        fails(DcapFailure.QE_REPORT_SIGNATURE_INVALID, verify(wrongChainInQuote, TDX));
        DcapResult replaced = verify(wrongChainInQuote, PKI.collateral(CollateralSpec.tdx().pckCertificateChain(PKI.pck())));
        verified(replaced);
        assertEquals("d04ec06d4e6d92dc90d0ad3cf5ee2ddf", replaced.pck().ppid().hex());

        DcapResult otherInCollateral = tdx(CollateralSpec.tdx().pckCertificateChain(other));
        fails(DcapFailure.QE_REPORT_SIGNATURE_INVALID, otherInCollateral);
        assertEquals("0102030405060708090a0b0c0d0e0f10", otherInCollateral.pck().ppid().hex());
    }

    @Test
    void certType3WithPckChain() {
        byte[] quote = FORGE.forge(tdx().certificationData(3,
                QuoteSpec.encryptedPpidType3(new byte[16], 1, hex("0001"))));
        verified(verify(quote, PKI.collateral(CollateralSpec.tdx().pckCertificateChain(PKI.pck()))));
    }

    @Test
    void certType3WithoutPckChain() {
        byte[] quote = FORGE.forge(tdx().certificationData(3,
                QuoteSpec.encryptedPpidType3(new byte[16], 1, hex("0001"))));
        fails(DcapFailure.PCK_CERT_FORMAT_UNSUPPORTED, verify(quote, TDX));
    }

    @Test
    void caUsedAsEndEntityTcb() {
        fails(DcapFailure.TCB_INFO_CHAIN_INVALID, CertificateProblem.CA_USED_AS_END_ENTITY,
                tdx(CollateralSpec.tdx().jsonSigner(PKI.platformCa(), PKI.platformCa().pem() + PKI.rootCertificatePem())));
    }

    @Test
    void caUsedAsEndEntityQe() {
        QuoteCollateral caSigned = PKI.collateral(CollateralSpec.tdx()
                .jsonSigner(PKI.platformCa(), PKI.platformCa().pem() + PKI.rootCertificatePem()));
        QuoteCollateral mixed = TDX.toBuilder().qeIdentity(caSigned.qeIdentity())
                .qeIdentityIssuerChain(caSigned.qeIdentityIssuerChain())
                .qeIdentitySignature(caSigned.qeIdentitySignature()).build();
        fails(DcapFailure.QE_IDENTITY_CHAIN_INVALID, CertificateProblem.CA_USED_AS_END_ENTITY,
                verify(FORGE.forge(tdx()), mixed));
    }

    // ---------------------------------------------------------------- dcap-qvl unit vectors (verify.rs tests)

    @ParameterizedTest
    @ValueSource(ints = {8, 10, 7, 6, 4})
    void qeIdentityLevels(int isvSvn) {
        QuoteCollateral c = PKI.collateral(CollateralSpec.tdx().qeLevels(IsvLevelSpec.of(8, TcbStatus.UP_TO_DATE),
                IsvLevelSpec.of(6, TcbStatus.OUT_OF_DATE, "INTEL-SA-00615"),
                IsvLevelSpec.of(5, TcbStatus.OUT_OF_DATE, "INTEL-SA-00477", "INTEL-SA-00615")));
        DcapResult r = verify(FORGE.forge(tdx().qeIsvSvn(isvSvn)), c);
        if (isvSvn >= 8) {
            assertEquals(new TcbResult(TcbStatus.UP_TO_DATE, List.of()), r.qeTcb());
        } else if (isvSvn >= 6) {
            assertEquals(new TcbResult(TcbStatus.OUT_OF_DATE, List.of("INTEL-SA-00615")), r.qeTcb());
            assertEquals(TcbStatus.OUT_OF_DATE, r.status());
        } else {
            fails(DcapFailure.QE_ISVSVN_TOO_LOW, r);
        }
    }

    @Test
    void zeroMasksMakeMismatchesPass() {
        verified(tdx(CollateralSpec.tdx().qeMiscSelect("FFFFFFFF", "00000000")
                .qeAttributes("FF".repeat(16), "00".repeat(16))));
    }

    @Test
    void outOfDatePlatformWithAdvisories() {
        DcapResult r = tdx(CollateralSpec.tdx().tcbStatus(TcbStatus.OUT_OF_DATE, "INTEL-SA-1", "INTEL-SA-2")
                .qeStatus(TcbStatus.UP_TO_DATE, "INTEL-SA-2", "INTEL-SA-3"));
        verified(r);
        assertEquals(TcbStatus.OUT_OF_DATE, r.status());
        assertEquals(List.of("INTEL-SA-1", "INTEL-SA-2", "INTEL-SA-3"), r.advisoryIds());
    }

    @Test
    void pckSgxExtensionFactsAreReported() {
        DcapResult r = tdx(tdx());
        assertEquals(PKI.pck().spec().fmspcHex().toLowerCase(java.util.Locale.ROOT), r.pck().fmspc().hex());
        assertEquals("d04ec06d4e6d92dc90d0ad3cf5ee2ddf", r.pck().ppid().hex());
        assertEquals(13, r.pck().pceSvn());
        assertEquals(PckSpec.defaults().cpuSvn().length, r.pck().cpuSvn().length());
    }
}
