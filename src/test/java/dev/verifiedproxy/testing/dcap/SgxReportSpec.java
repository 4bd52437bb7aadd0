package dev.verifiedproxy.testing.dcap;

/**
 * The SGX enclave report of a forged SGX quote (report data is passed separately).
 *
 * @param cpuSvn     16 bytes
 * @param miscSelect u32
 * @param attributes 16 bytes (byte 0 bit 1 = DEBUG)
 * @param mrEnclave  32 bytes
 * @param mrSigner   32 bytes
 * @param isvProdId  u16
 * @param isvSvn     u16
 */
public record SgxReportSpec(byte[] cpuSvn, int miscSelect, byte[] attributes, byte[] mrEnclave, byte[] mrSigner,
                            int isvProdId, int isvSvn) {

    /** A production enclave: INIT | MODE64BIT, debug off. */
    public static SgxReportSpec defaults() {
        byte[] attributes = new byte[16];
        attributes[0] = 0x05;
        return new SgxReportSpec(CollateralSpec.filled(16, 1), 0, attributes, CollateralSpec.filled(32, 0xE1),
                CollateralSpec.filled(32, 0x51), 1, 1);
    }

    public SgxReportSpec debug(boolean debug) {
        byte[] a = attributes.clone();
        a[0] = (byte) (debug ? a[0] | 0x02 : a[0] & ~0x02);
        return new SgxReportSpec(cpuSvn, miscSelect, a, mrEnclave, mrSigner, isvProdId, isvSvn);
    }

    public SgxReportSpec mrEnclave(byte[] value) {
        return new SgxReportSpec(cpuSvn, miscSelect, attributes, value.clone(), mrSigner, isvProdId, isvSvn);
    }
}
