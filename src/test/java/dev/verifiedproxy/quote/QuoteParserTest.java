package dev.verifiedproxy.quote;

import dev.verifiedproxy.testing.dcap.DcapSamples;
import dev.verifiedproxy.testing.dcap.QuoteForge;
import dev.verifiedproxy.testing.dcap.QuoteSpec;
import dev.verifiedproxy.testing.dcap.SgxReportSpec;
import dev.verifiedproxy.testing.dcap.TdReportSpec;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuoteParserTest {

    private static final TestPki PKI = TestPki.generate();
    private static final QuoteForge FORGE = PKI.forge();

    private static QuoteFormatProblem problem(byte[] quote) {
        return assertThrows(QuoteFormatException.class, () -> QuoteParser.parse(quote)).problem();
    }

    @ParameterizedTest
    @CsvSource({
            "dcap-qvl/sgx_quote, 3, SGX, 432, 3548",
            "dcap-qvl/tdx_quote, 4, TDX, 632, 3678",
            "dcap-qvl/tdx_quote_outdated, 5, TDX, 702, 3678",
            "dcap-qvl/near_quote_hex.txt, 4, TDX, 632, 3678",
            "dcap-qvl/tdx-quote.hex, 4, TDX, 632, 3678",
            "dcap-qvl/quote-from-tappd.hex, 4, TDX, 632, 3678",
            "go-tdx-guest/quote_v5_sample.dat, 5, TDX, 702, 3678",
            "go-tdx-guest/tdx_prod_quote_SPR_E4.dat, 4, TDX, 632, 3677"})
    void realQuotesParse(String file, int version, TeeType tee, int signedLength, int chainLength)
            throws QuoteFormatException {
        Quote quote = QuoteParser.parse(DcapSamples.quote(file));
        assertEquals(version, quote.version());
        assertEquals(tee, quote.teeType());
        assertEquals(signedLength, quote.signedRegion().length());
        assertEquals(QuoteHeader.INTEL_QE_VENDOR_ID, quote.header().qeVendorId());
        assertEquals(CertificationData.PCK_CERT_CHAIN, quote.signature().certification().type());
        assertEquals(chainLength, quote.signature().certification().data().length());
        assertEquals(32, quote.signature().qeAuthData().length());
    }

    @Test
    void sgxSampleFields() throws QuoteFormatException {
        Quote quote = QuoteParser.parse(DcapSamples.quote("dcap-qvl/sgx_quote"));
        assertEquals(10, quote.header().qeSvn());
        assertEquals(15, quote.header().pceSvn());
        EnclaveReport report = assertInstanceOf(EnclaveReport.class, quote.body());
        assertTrue(new String(report.reportData().toArray(), StandardCharsets.US_ASCII).startsWith("Hello, world!"));
    }

    @Test
    void tdxSampleFieldsAndPadding() throws QuoteFormatException {
        byte[] raw = DcapSamples.quote("dcap-qvl/tdx_quote");
        assertEquals(5006, raw.length);
        Quote quote = QuoteParser.parse(raw);
        TdReport10 td = assertInstanceOf(TdReport10.class, quote.body());
        assertEquals("060103", td.teeTcbSvn().hex().substring(0, 6));
        assertEquals(td, quote.tdReport());
        TdReport15 td15 = assertInstanceOf(TdReport15.class,
                QuoteParser.parse(DcapSamples.quote("go-tdx-guest/quote_v5_sample.dat")).body());
        assertTrue(td15.mrServiceTd().isAllZero());
    }

    @Test
    void forgedQuotesRoundTrip() throws QuoteFormatException {
        byte[] reportData = new byte[64];
        Arrays.fill(reportData, (byte) 7);
        TdReportSpec spec = TdReportSpec.builder().mrTd(filled(48, 0x33)).rtmr(3, filled(48, 0x44)).build();
        Quote tdx = QuoteParser.parse(FORGE.tdx(spec, reportData));
        assertArrayEquals(filled(48, 0x33), tdx.tdReport().mrTd().toArray());
        assertArrayEquals(filled(48, 0x44), tdx.tdReport().rtmr3().toArray());
        assertArrayEquals(reportData, tdx.body().reportData().toArray());
        Quote v5 = QuoteParser.parse(FORGE.forge(QuoteSpec.tdx(spec).tdReport15()));
        assertInstanceOf(TdReport15.class, v5.body());
        assertEquals(702, v5.signedRegion().length());
        Quote v5td10 = QuoteParser.parse(FORGE.forge(QuoteSpec.tdx(spec).version(5)));
        assertInstanceOf(TdReport10.class, v5td10.body());
        assertEquals(638, v5td10.signedRegion().length());
        Quote sgx = QuoteParser.parse(FORGE.sgx(SgxReportSpec.defaults(), reportData));
        assertEquals(432, sgx.signedRegion().length());
        Quote sgxV4 = QuoteParser.parse(FORGE.forge(QuoteSpec.sgx(SgxReportSpec.defaults()).version(4)));
        assertEquals(TeeType.SGX, sgxV4.teeType());
        Quote sgxV5 = QuoteParser.parse(FORGE.forge(QuoteSpec.sgx(SgxReportSpec.defaults()).version(5)));
        assertEquals(438, sgxV5.signedRegion().length());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 6, 255})
    void unsupportedVersions(int version) {
        assertEquals(QuoteFormatProblem.UNSUPPORTED_VERSION,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).version(version))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 255})
    void unsupportedKeyTypes(int keyType) {
        assertEquals(QuoteFormatProblem.UNSUPPORTED_ATTESTATION_KEY_TYPE,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).attestationKeyType(keyType))));
    }

    @Test
    void teeTypeMustBeKnownAndTdxNeedsV4() {
        assertEquals(QuoteFormatProblem.INVALID_TEE_TYPE,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).teeTypeCode(0x42))));
        assertEquals(QuoteFormatProblem.INVALID_TEE_TYPE,
                problem(FORGE.forge(QuoteSpec.sgx(SgxReportSpec.defaults()).teeTypeCode(0x81))));
    }

    @Test
    void v5BodyDescriptorIsChecked() {
        assertEquals(QuoteFormatProblem.UNSUPPORTED_BODY_TYPE,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).version(5).v5BodyType(4))));
        assertEquals(QuoteFormatProblem.BODY_TYPE_MISMATCH,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).version(5).v5BodyType(1))));
        assertEquals(QuoteFormatProblem.BODY_TYPE_MISMATCH,
                problem(FORGE.forge(QuoteSpec.sgx(SgxReportSpec.defaults()).version(5).v5BodyType(2))));
        assertEquals(QuoteFormatProblem.BODY_SIZE_MISMATCH,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).tdReport15().v5BodySize(584))));
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] quote = FORGE.tdx(TdReportSpec.defaults(), new byte[64]);
        for (int length = 0; length < quote.length; length++) {
            QuoteFormatProblem p = problem(Arrays.copyOf(quote, length));
            assertEquals(QuoteFormatProblem.TRUNCATED, p, "length " + length);
        }
    }

    @Test
    void garbageAndShortInput() {
        byte[] ff = new byte[100];
        Arrays.fill(ff, (byte) 0xFF);
        assertEquals(QuoteFormatProblem.UNSUPPORTED_VERSION, problem(ff));
        assertEquals(QuoteFormatProblem.TRUNCATED, problem(new byte[] {3, 0, 2, 0}));
        assertEquals(QuoteFormatProblem.TRUNCATED, problem(new byte[0]));
    }

    @Test
    void lengthAboveOneMebibyteIsRejected() {
        byte[] quote = FORGE.tdx(TdReportSpec.defaults(), new byte[64]);
        byte[] big = quote.clone();
        writeU32(big, 632, QuoteParser.MAX_FIELD_LENGTH + 1);
        assertEquals(QuoteFormatProblem.LENGTH_TOO_LARGE, problem(big));
        byte[] exact = quote.clone();
        writeU32(exact, 632, QuoteParser.MAX_FIELD_LENGTH);
        assertEquals(QuoteFormatProblem.TRUNCATED, problem(exact));
    }

    @Test
    void outerCertificationTypeMustBeSix() {
        assertEquals(QuoteFormatProblem.UNSUPPORTED_OUTER_CERTIFICATION_TYPE,
                problem(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).outerCertificationDataType(5))));
    }

    @Test
    void sectionsMustBeFilledExactly() {
        byte[] quote = FORGE.tdx(TdReportSpec.defaults(), new byte[64]);
        byte[] longer = Arrays.copyOf(quote, quote.length + 1);
        writeU32(longer, 632, readU32(quote, 632) + 1);
        assertEquals(QuoteFormatProblem.SECTION_LENGTH_MISMATCH, problem(longer));
    }

    @Test
    void bytesAfterTheSignatureDataAreIgnored() throws QuoteFormatException {
        byte[] plain = FORGE.tdx(TdReportSpec.defaults(), new byte[64]);
        Quote padded = QuoteParser.parse(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults()).trailing(new byte[70])));
        Quote text = QuoteParser.parse(FORGE.forge(QuoteSpec.tdx(TdReportSpec.defaults())
                .trailing("extra bytes".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(QuoteParser.parse(plain).signedRegion().length(), padded.signedRegion().length());
        assertEquals(padded.signature().certification(), text.signature().certification());
    }

    @Test
    void goTdxGuestByteFlipsFailToParse() {
        byte[] quote = DcapSamples.quote("go-tdx-guest/tdx_prod_quote_SPR_E4.dat");
        byte[] version3 = quote.clone();
        version3[0] = 3;
        assertEquals(QuoteFormatProblem.INVALID_TEE_TYPE, problem(version3));
        byte[] authLength = quote.clone();
        authLength[0x278] = 0x10;
        assertEquals(QuoteFormatProblem.TRUNCATED, problem(authLength));
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static void writeU32(byte[] b, int offset, long v) {
        for (int i = 0; i < 4; i++) {
            b[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long readU32(byte[] b, int offset) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = v << 8 | (b[offset + i] & 0xFF);
        }
        return v;
    }
}
