package dev.verifiedproxy.dcap;

/**
 * Options of one verification (dcap-qvl's {@code allow_debug} / {@code allow_service_td}). Both are off by
 * default; turning one on only changes which facts count as a failure, never what is reported.
 *
 * @param allowDebug     accept SGX enclaves / TDs with the DEBUG attribute (never the QE itself)
 * @param allowServiceTd accept TD reports 1.5 with a non-zero mr_service_td
 */
public record DcapOptions(boolean allowDebug, boolean allowServiceTd) {

    public static final DcapOptions DEFAULT = new DcapOptions(false, false);
}
