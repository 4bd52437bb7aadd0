package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.quote.TeeType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

/**
 * Forges SGX and TDX quotes signed end to end by a test PCK: a fresh attestation key signs the quote,
 * the PCK signs the QE report, and the QE report binds the attestation key (dcap.md §1, §4 steps 7-10).
 * {@code new QuoteForge(pki.pck()).tdx(TdReportSpec.defaults(), reportData)} is a quote that verifies
 * against {@code pki.collateral(CollateralSpec.tdx())} with the test root.
 */
public final class QuoteForge {

    private final TestPck pck;
    private final KeyPair attestationKey;

    public QuoteForge(TestPck pck) {
        this(pck, TestSigner.newKeyPair());
    }

    /** With a given attestation key (a backend that keeps its QE key across quotes). */
    public QuoteForge(TestPck pck, KeyPair attestationKey) {
        this.pck = pck;
        this.attestationKey = attestationKey;
    }

    public TestPck pck() {
        return pck;
    }

    /** The raw x||y attestation public key this forge signs quotes with. */
    public byte[] attestationPublicKey() {
        return TestSigner.rawPublicKey(attestationKey);
    }

    /** A genuine-looking TDX v4 quote over these 64 bytes of report data. */
    public byte[] tdx(TdReportSpec report, byte[] reportData64) {
        return forge(QuoteSpec.tdx(report).reportData(reportData64));
    }

    /** A genuine-looking SGX v3 quote over these 64 bytes of report data. */
    public byte[] sgx(SgxReportSpec report, byte[] reportData64) {
        return forge(QuoteSpec.sgx(report).reportData(reportData64));
    }

    public byte[] forge(QuoteSpec spec) {
        byte[] body = body(spec);
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes(header(spec));
        if (spec.version == 5) {
            int bodyType = spec.v5BodyType != null ? spec.v5BodyType
                    : spec.tee == TeeType.SGX ? 1 : spec.tdReport15 ? 3 : 2;
            long bodySize = spec.v5BodySize != null ? spec.v5BodySize : body.length;
            signed.writeBytes(le(6).putShort((short) bodyType).putInt((int) bodySize).array());
        }
        signed.writeBytes(body);
        byte[] signedRegion = signed.toByteArray();

        byte[] attestationKeyRaw = TestSigner.rawPublicKey(attestationKey);
        byte[] quoteSignature = spec.quoteSignatureOverride != null ? spec.quoteSignatureOverride
                : TestSigner.signRaw(attestationKey.getPrivate(), signedRegion);
        byte[] qeReport = qeReport(spec, attestationKeyRaw);
        byte[] qeReportSignature = spec.qeReportSignatureOverride != null ? spec.qeReportSignatureOverride
                : TestSigner.signRaw(pck.leaf().privateKey(), qeReport);
        byte[] certData = spec.certificationData != null ? spec.certificationData
                : (pck.chainPem() + "\0").getBytes(StandardCharsets.US_ASCII);

        ByteArrayOutputStream qeSection = new ByteArrayOutputStream();
        qeSection.writeBytes(qeReport);
        qeSection.writeBytes(qeReportSignature);
        qeSection.writeBytes(u16(spec.qeAuthData.length));
        qeSection.writeBytes(spec.qeAuthData);
        qeSection.writeBytes(u16(spec.certificationDataType));
        qeSection.writeBytes(u32(certData.length));
        qeSection.writeBytes(certData);

        ByteArrayOutputStream auth = new ByteArrayOutputStream();
        auth.writeBytes(quoteSignature);
        auth.writeBytes(spec.attestationKeyOverride != null ? spec.attestationKeyOverride : attestationKeyRaw);
        if (spec.version == 3) {
            auth.writeBytes(qeSection.toByteArray());
        } else {
            auth.writeBytes(u16(spec.outerCertificationDataType));
            auth.writeBytes(u32(qeSection.size()));
            auth.writeBytes(qeSection.toByteArray());
        }

        ByteArrayOutputStream quote = new ByteArrayOutputStream();
        quote.writeBytes(signedRegion);
        quote.writeBytes(u32(auth.size()));
        quote.writeBytes(auth.toByteArray());
        quote.writeBytes(spec.trailing);
        return quote.toByteArray();
    }

    private static byte[] header(QuoteSpec spec) {
        int teeType = spec.teeTypeCode != null ? spec.teeTypeCode : spec.tee.code();
        return le(48).putShort((short) spec.version).putShort((short) spec.attestationKeyType)
                .putInt(teeType).putShort((short) spec.headerQeSvn).putShort((short) spec.headerPceSvn)
                .put(spec.qeVendorId).put(spec.userData).array();
    }

    private static byte[] body(QuoteSpec spec) {
        if (spec.tee == TeeType.SGX) {
            SgxReportSpec r = spec.sgx;
            return enclaveReport(r.cpuSvn(), r.miscSelect(), r.attributes(), r.mrEnclave(), r.mrSigner(),
                    r.isvProdId(), r.isvSvn(), spec.reportData);
        }
        TdReportSpec r = spec.td;
        ByteBuffer b = le(spec.tdReport15 ? 648 : 584);
        b.put(r.teeTcbSvn()).put(r.mrSeam()).put(r.mrSignerSeam()).put(r.seamAttributes()).put(r.tdAttributes())
                .put(r.xfam()).put(r.mrTd()).put(r.mrConfigId()).put(r.mrOwner()).put(r.mrOwnerConfig())
                .put(r.rtmr0()).put(r.rtmr1()).put(r.rtmr2()).put(r.rtmr3()).put(spec.reportData);
        if (spec.tdReport15) {
            b.put(r.teeTcbSvn2()).put(r.mrServiceTd());
        }
        return b.array();
    }

    private static byte[] qeReport(QuoteSpec spec, byte[] attestationKeyRaw) {
        byte[] reportData = spec.qeReportDataOverride;
        if (reportData == null) {
            reportData = new byte[64];
            ByteArrayOutputStream bound = new ByteArrayOutputStream();
            bound.writeBytes(attestationKeyRaw);
            bound.writeBytes(spec.qeAuthData);
            System.arraycopy(TestSigner.sha256(bound.toByteArray()), 0, reportData, 0, 32);
        }
        int isvProdId = spec.qeIsvProdId != null ? spec.qeIsvProdId : spec.tee == TeeType.SGX ? 1 : 2;
        return enclaveReport(CollateralSpec.filled(16, 0x02), spec.qeMiscSelect, spec.qeAttributes,
                CollateralSpec.filled(32, 0xEE), spec.qeMrSigner, isvProdId, spec.qeIsvSvn, reportData);
    }

    /** The 384-byte SGX report layout of dcap.md §1.3. */
    static byte[] enclaveReport(byte[] cpuSvn, int miscSelect, byte[] attributes, byte[] mrEnclave, byte[] mrSigner,
                                int isvProdId, int isvSvn, byte[] reportData) {
        return le(384).put(cpuSvn).putInt(miscSelect).put(new byte[28]).put(attributes).put(mrEnclave)
                .put(new byte[32]).put(mrSigner).put(new byte[96]).putShort((short) isvProdId)
                .putShort((short) isvSvn).put(new byte[60]).put(reportData).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
