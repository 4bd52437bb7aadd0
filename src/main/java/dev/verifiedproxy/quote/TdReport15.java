package dev.verifiedproxy.quote;

/**
 * A 648-byte TD report 1.5 (dcap.md §1.5): TD report 1.0 followed by two fields. TCB decisions use
 * the base's {@code teeTcbSvn} (as dcap-qvl does); {@code teeTcbSvn2} is reported, not interpreted.
 *
 * @param base        the TD report 1.0 part
 * @param teeTcbSvn2  16 bytes
 * @param mrServiceTd 48 bytes; all zero unless a service TD is bound
 */
public record TdReport15(TdReport10 base, Bytes teeTcbSvn2, Bytes mrServiceTd) implements QuoteBody {

    public static final int LENGTH = 648;

    @Override
    public Bytes reportData() {
        return base.reportData();
    }

    @Override
    public int length() {
        return LENGTH;
    }

    static TdReport15 read(ByteReader r) throws QuoteFormatException {
        TdReport10 base = TdReport10.read(r);
        return new TdReport15(base, r.bytes(16, "tee_tcb_svn2"), r.bytes(48, "mr_service_td"));
    }
}
