package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.quote.TeeType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Everything {@link QuoteForge#forge(QuoteSpec)} writes into a quote, with a knob for each negative
 * case of dcap-tests.md §B. Start from {@link #tdx(TdReportSpec)} or {@link #sgx(SgxReportSpec)}; every
 * setter returns this. Anything left null takes the value a genuine quote would have.
 */
public final class QuoteSpec {

    /** Intel's QE vendor ID. */
    public static final byte[] INTEL_QE_VENDOR_ID = HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");
    /** MRSIGNER of the forged QE (and of the default test QE identity). */
    public static final byte[] DEFAULT_QE_MR_SIGNER =
            HexFormat.of().parseHex("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");

    final TeeType tee;
    final TdReportSpec td;
    final SgxReportSpec sgx;
    byte[] reportData = new byte[64];
    int version;
    Integer teeTypeCode;
    int attestationKeyType = 2;
    byte[] qeVendorId = INTEL_QE_VENDOR_ID.clone();
    int headerQeSvn;
    int headerPceSvn;
    byte[] userData = new byte[20];
    boolean tdReport15;
    Integer v5BodyType;
    Long v5BodySize;
    byte[] qeMrSigner = DEFAULT_QE_MR_SIGNER.clone();
    byte[] qeAttributes = qeAttributesDefault();
    int qeMiscSelect;
    Integer qeIsvProdId;
    int qeIsvSvn = 4;
    byte[] qeAuthData = sequence(32);
    byte[] qeReportDataOverride;
    byte[] qeReportSignatureOverride;
    byte[] quoteSignatureOverride;
    byte[] attestationKeyOverride;
    int certificationDataType = 5;
    byte[] certificationData;
    int outerCertificationDataType = 6;
    byte[] trailing = new byte[0];

    private QuoteSpec(TeeType tee, TdReportSpec td, SgxReportSpec sgx, int version) {
        this.tee = tee;
        this.td = td;
        this.sgx = sgx;
        this.version = version;
    }

    /** A TDX v4 quote (TD report 1.0). */
    public static QuoteSpec tdx(TdReportSpec report) {
        return new QuoteSpec(TeeType.TDX, report, null, 4);
    }

    /** An SGX v3 quote. */
    public static QuoteSpec sgx(SgxReportSpec report) {
        return new QuoteSpec(TeeType.SGX, null, report, 3);
    }

    public TeeType tee() {
        return tee;
    }

    public QuoteSpec reportData(byte[] data) {
        if (data.length != 64) {
            throw new IllegalArgumentException("report data is 64 bytes");
        }
        reportData = data.clone();
        return this;
    }

    /** Header version (3, 4 or 5; anything for negative cases). */
    public QuoteSpec version(int v) {
        version = v;
        return this;
    }

    /** TDX v5 with body type 3 (TD report 1.5: adds tee_tcb_svn2 and mr_service_td). */
    public QuoteSpec tdReport15() {
        version = 5;
        tdReport15 = true;
        return this;
    }

    public QuoteSpec teeTypeCode(int code) {
        teeTypeCode = code;
        return this;
    }

    public QuoteSpec attestationKeyType(int type) {
        attestationKeyType = type;
        return this;
    }

    public QuoteSpec qeVendorId(byte[] id) {
        qeVendorId = id.clone();
        return this;
    }

    public QuoteSpec headerSvns(int qeSvn, int pceSvn) {
        headerQeSvn = qeSvn;
        headerPceSvn = pceSvn;
        return this;
    }

    /** v5 body descriptor: body type written instead of the one that fits. */
    public QuoteSpec v5BodyType(int type) {
        v5BodyType = type;
        return this;
    }

    /** v5 body descriptor: body size written instead of the real one. */
    public QuoteSpec v5BodySize(long size) {
        v5BodySize = size;
        return this;
    }

    public QuoteSpec qeMrSigner(byte[] mrSigner) {
        qeMrSigner = mrSigner.clone();
        return this;
    }

    public QuoteSpec qeAttributes(byte[] attributes) {
        qeAttributes = attributes.clone();
        return this;
    }

    public QuoteSpec qeMiscSelect(int miscSelect) {
        qeMiscSelect = miscSelect;
        return this;
    }

    public QuoteSpec qeIsvProdId(int id) {
        qeIsvProdId = id;
        return this;
    }

    public QuoteSpec qeIsvSvn(int svn) {
        qeIsvSvn = svn;
        return this;
    }

    /** QE authentication data (the QE report data still binds it unless overridden). */
    public QuoteSpec qeAuthData(byte[] data) {
        qeAuthData = data.clone();
        return this;
    }

    /** Writes this QE report data instead of SHA-256(attestation key || auth data) || zeros. */
    public QuoteSpec qeReportData(byte[] data) {
        qeReportDataOverride = data.clone();
        return this;
    }

    public QuoteSpec qeReportSignature(byte[] rs) {
        qeReportSignatureOverride = rs.clone();
        return this;
    }

    public QuoteSpec quoteSignature(byte[] rs) {
        quoteSignatureOverride = rs.clone();
        return this;
    }

    /** Writes these 64 bytes as the attestation key (the quote is still signed with the real key). */
    public QuoteSpec attestationKey(byte[] xy) {
        attestationKeyOverride = xy.clone();
        return this;
    }

    /** Inner certification data type and body (default: type 5, the PCK chain PEM + NUL). */
    public QuoteSpec certificationData(int type, byte[] data) {
        certificationDataType = type;
        certificationData = data.clone();
        return this;
    }

    /** Type 5 with this PEM text (e.g. a tampered chain). */
    public QuoteSpec pckChainPem(String pem) {
        return certificationData(5, pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** v4/v5 outer certification data type (6 in genuine quotes). */
    public QuoteSpec outerCertificationDataType(int type) {
        outerCertificationDataType = type;
        return this;
    }

    /** Bytes appended after the signature data (genuine TDX quotes carry zero padding). */
    public QuoteSpec trailing(byte[] bytes) {
        trailing = bytes.clone();
        return this;
    }

    /** Certification data type 3: 384-byte encrypted PPID, CPUSVN, PCESVN (LE), PCE-ID (dcap.md §1.6). */
    public static byte[] encryptedPpidType3(byte[] cpuSvn, int pceSvn, byte[] pceId) {
        return ByteBuffer.allocate(384 + 16 + 2 + 2).order(ByteOrder.LITTLE_ENDIAN)
                .put(CollateralSpec.filled(384, 0xA5)).put(cpuSvn).putShort((short) pceSvn).put(pceId).array();
    }

    private static byte[] qeAttributesDefault() {
        byte[] a = new byte[16];
        a[0] = 0x11;
        return a;
    }

    private static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
