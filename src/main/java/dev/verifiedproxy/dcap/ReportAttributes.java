package dev.verifiedproxy.dcap;

import dev.verifiedproxy.quote.EnclaveReport;
import dev.verifiedproxy.quote.QuoteBody;
import dev.verifiedproxy.quote.TdReport10;
import dev.verifiedproxy.quote.TdReport15;

/**
 * Step 13 (dcap.md §4): the attested enclave's / TD's own attributes.
 *
 * <p>TD attributes (64-bit little-endian): bit 0 DEBUG (refused unless allowDebug); bits 1-7 (rest of TUD)
 * reserved; bits 8-27 reserved; bit 28 SEPT_VE_DISABLE must be set; bit 29 (MIGRATABLE in TDX 1.5)
 * refused as dcap-qvl does; bits 30 PKS and 31 KL allowed; bits 32-62 reserved; <b>bit 63 PERFMON
 * allowed</b>. That is the rule dcap-qvl intends and its JS port implements; dcap-qvl HEAD masks the wrong
 * byte and so refuses PERFMON while letting bit 39 through. PERFMON exposes performance counters to the TD,
 * which is a matter of policy, not of whether the quote is genuine; the raw attributes are reported so the
 * policy can forbid it.
 */
final class ReportAttributes {

    private static final long DEBUG = 1L;
    private static final long TUD_RESERVED = 0xFEL;
    private static final long SEC_RESERVED = 0x0FFF_FF00L | 1L << 29;
    private static final long SEPT_VE_DISABLE = 1L << 28;
    private static final long OTHER_RESERVED = 0x7FFF_FFFF_0000_0000L;

    private ReportAttributes() {
    }

    static void check(QuoteBody body, DcapOptions options) throws DcapException {
        if (body instanceof EnclaveReport sgx) {
            if (sgx.debug() && !options.allowDebug()) {
                throw new DcapException(DcapFailure.DEBUG_ENABLED, "the enclave has the DEBUG attribute");
            }
            return;
        }
        TdReport10 td;
        if (body instanceof TdReport15 td15) {
            if (!td15.mrServiceTd().isAllZero() && !options.allowServiceTd()) {
                throw new DcapException(DcapFailure.SERVICE_TD_NOT_ALLOWED, "mr_service_td is " + td15.mrServiceTd());
            }
            td = td15.base();
        } else {
            td = (TdReport10) body;
        }
        long attributes = td.tdAttributesValue();
        if ((attributes & DEBUG) != 0 && !options.allowDebug()) {
            throw new DcapException(DcapFailure.DEBUG_ENABLED, "the TD has the DEBUG attribute");
        }
        if ((attributes & (TUD_RESERVED | SEC_RESERVED)) != 0) {
            throw reserved(attributes);
        }
        if ((attributes & SEPT_VE_DISABLE) == 0) {
            throw new DcapException(DcapFailure.SEPT_VE_DISABLE_NOT_SET, "td_attributes " + td.tdAttributes()
                    + " lack SEPT_VE_DISABLE");
        }
        if ((attributes & OTHER_RESERVED) != 0) {
            throw reserved(attributes);
        }
    }

    private static DcapException reserved(long attributes) {
        return new DcapException(DcapFailure.TD_ATTRIBUTES_RESERVED_BITS, String.format(
                "reserved TD attribute bits set: 0x%016x", attributes & (TUD_RESERVED | SEC_RESERVED | OTHER_RESERVED)));
    }
}
