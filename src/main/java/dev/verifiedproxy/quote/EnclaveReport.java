package dev.verifiedproxy.quote;

/**
 * A 384-byte SGX enclave report (dcap.md §1.3): the body of SGX quotes and the QE report of every quote.
 *
 * @param cpuSvn     16 bytes
 * @param miscSelect u32
 * @param attributes 16 bytes; byte 0 bit 1 is DEBUG
 * @param mrEnclave  32 bytes
 * @param mrSigner   32 bytes
 * @param isvProdId  u16
 * @param isvSvn     u16
 * @param reportData 64 bytes
 * @param raw        the 384 encoded bytes (what the QE report signature covers)
 */
public record EnclaveReport(Bytes cpuSvn, long miscSelect, Bytes attributes, Bytes mrEnclave, Bytes mrSigner,
                            int isvProdId, int isvSvn, Bytes reportData, Bytes raw) implements QuoteBody {

    public static final int LENGTH = 384;

    /** DEBUG attribute (attributes byte 0, bit 1). */
    public boolean debug() {
        return (attributes.get(0) & 0x02) != 0;
    }

    @Override
    public int length() {
        return LENGTH;
    }

    static EnclaveReport read(ByteReader r) throws QuoteFormatException {
        int start = r.position();
        ByteReader in = r.section(LENGTH, "enclave report");
        Bytes cpuSvn = in.bytes(16, "cpu_svn");
        long miscSelect = in.u32("misc_select");
        in.bytes(28, "reserved");
        Bytes attributes = in.bytes(16, "attributes");
        Bytes mrEnclave = in.bytes(32, "mr_enclave");
        in.bytes(32, "reserved");
        Bytes mrSigner = in.bytes(32, "mr_signer");
        in.bytes(96, "reserved");
        int isvProdId = in.u16("isv_prod_id");
        int isvSvn = in.u16("isv_svn");
        in.bytes(60, "reserved");
        Bytes reportData = in.bytes(64, "report_data");
        return new EnclaveReport(cpuSvn, miscSelect, attributes, mrEnclave, mrSigner, isvProdId, isvSvn, reportData,
                r.copy(start, LENGTH));
    }
}
