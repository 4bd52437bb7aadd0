package dev.verifiedproxy.quote;

/**
 * A 584-byte TD report 1.0 (dcap.md §1.4).
 *
 * @param teeTcbSvn      16 bytes: [0] TDX module ISVSVN, [1] module major version, [2..] other TCB SVNs
 * @param mrSeam         48 bytes
 * @param mrSignerSeam   48 bytes
 * @param seamAttributes 8 bytes
 * @param tdAttributes   8 bytes, little-endian bit field (bit 0 DEBUG, bit 28 SEPT_VE_DISABLE, bit 63 PERFMON)
 * @param xfam           8 bytes
 * @param mrTd           48 bytes
 * @param mrConfigId     48 bytes
 * @param mrOwner        48 bytes
 * @param mrOwnerConfig  48 bytes
 * @param rtmr0          48 bytes
 * @param rtmr1          48 bytes
 * @param rtmr2          48 bytes
 * @param rtmr3          48 bytes
 * @param reportData     64 bytes
 */
public record TdReport10(Bytes teeTcbSvn, Bytes mrSeam, Bytes mrSignerSeam, Bytes seamAttributes, Bytes tdAttributes,
                         Bytes xfam, Bytes mrTd, Bytes mrConfigId, Bytes mrOwner, Bytes mrOwnerConfig, Bytes rtmr0,
                         Bytes rtmr1, Bytes rtmr2, Bytes rtmr3, Bytes reportData) implements QuoteBody {

    public static final int LENGTH = 584;

    /** The TD attributes as the little-endian u64 they are. */
    public long tdAttributesValue() {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | tdAttributes.get(i);
        }
        return v;
    }

    @Override
    public int length() {
        return LENGTH;
    }

    static TdReport10 read(ByteReader r) throws QuoteFormatException {
        ByteReader in = r.section(LENGTH, "TD report");
        return new TdReport10(in.bytes(16, "tee_tcb_svn"), in.bytes(48, "mr_seam"), in.bytes(48, "mr_signer_seam"),
                in.bytes(8, "seam_attributes"), in.bytes(8, "td_attributes"), in.bytes(8, "xfam"),
                in.bytes(48, "mr_td"), in.bytes(48, "mr_config_id"), in.bytes(48, "mr_owner"),
                in.bytes(48, "mr_owner_config"), in.bytes(48, "rtmr0"), in.bytes(48, "rtmr1"), in.bytes(48, "rtmr2"),
                in.bytes(48, "rtmr3"), in.bytes(64, "report_data"));
    }
}
