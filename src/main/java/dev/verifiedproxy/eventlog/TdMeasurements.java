package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.TdReport10;

import java.util.List;
import java.util.Objects;

/**
 * The values a TDX quote attests about one trust domain, as lowercase hex: everything the event-log,
 * compose, binding and policy checks compare against. Built from a parsed quote with {@link #of};
 * only evidence once that quote passed DCAP verification, which is the orchestrator's step.
 *
 * @param teeTcbSvn      16 bytes, TDX module SVNs
 * @param mrSeam         48 bytes, TDX module measurement
 * @param mrSignerSeam   48 bytes, zero for Intel's module
 * @param seamAttributes 8 bytes
 * @param tdAttributes   8 bytes; byte 0 bit 0 is the debug bit
 * @param xfam           8 bytes
 * @param mrTd           48 bytes, the virtual firmware
 * @param mrConfigId     48 bytes, dstack: {@code 01 ‖ compose hash ‖ 15 zero bytes}
 * @param mrOwner        48 bytes
 * @param mrOwnerConfig  48 bytes
 * @param rtmr0          48 bytes, virtual hardware and ACPI
 * @param rtmr1          48 bytes, kernel
 * @param rtmr2          48 bytes, command line and initrd
 * @param rtmr3          48 bytes, dstack runtime events
 * @param reportData     64 bytes chosen by the guest (NEAR: key binding ‖ nonce)
 * @param headerUserData 20 bytes of the quote header (bytes 28..48); dstack's device id is its SHA-256
 */
public record TdMeasurements(String teeTcbSvn, String mrSeam, String mrSignerSeam, String seamAttributes,
                             String tdAttributes, String xfam, String mrTd, String mrConfigId, String mrOwner,
                             String mrOwnerConfig, String rtmr0, String rtmr1, String rtmr2, String rtmr3,
                             String reportData, String headerUserData) {

    /** Size of MRTD, RTMRs and the other SHA-384 registers. */
    public static final int REGISTER_BYTES = 48;

    public TdMeasurements {
        teeTcbSvn = canonical("teeTcbSvn", teeTcbSvn, 16);
        mrSeam = canonical("mrSeam", mrSeam, REGISTER_BYTES);
        mrSignerSeam = canonical("mrSignerSeam", mrSignerSeam, REGISTER_BYTES);
        seamAttributes = canonical("seamAttributes", seamAttributes, 8);
        tdAttributes = canonical("tdAttributes", tdAttributes, 8);
        xfam = canonical("xfam", xfam, 8);
        mrTd = canonical("mrTd", mrTd, REGISTER_BYTES);
        mrConfigId = canonical("mrConfigId", mrConfigId, REGISTER_BYTES);
        mrOwner = canonical("mrOwner", mrOwner, REGISTER_BYTES);
        mrOwnerConfig = canonical("mrOwnerConfig", mrOwnerConfig, REGISTER_BYTES);
        rtmr0 = canonical("rtmr0", rtmr0, REGISTER_BYTES);
        rtmr1 = canonical("rtmr1", rtmr1, REGISTER_BYTES);
        rtmr2 = canonical("rtmr2", rtmr2, REGISTER_BYTES);
        rtmr3 = canonical("rtmr3", rtmr3, REGISTER_BYTES);
        reportData = canonical("reportData", reportData, 64);
        headerUserData = canonical("headerUserData", headerUserData, 20);
    }

    /**
     * The values of a parsed TDX quote (TD report 1.0, or the 1.0 part of a 1.5 report).
     *
     * @throws IllegalArgumentException for an SGX quote
     */
    public static TdMeasurements of(Quote quote) {
        TdReport10 td = quote.tdReport();
        if (td == null) {
            throw new IllegalArgumentException("not a TDX quote: " + quote.teeType());
        }
        return new TdMeasurements(td.teeTcbSvn().hex(), td.mrSeam().hex(), td.mrSignerSeam().hex(),
                td.seamAttributes().hex(), td.tdAttributes().hex(), td.xfam().hex(), td.mrTd().hex(), td.mrConfigId().hex(),
                td.mrOwner().hex(), td.mrOwnerConfig().hex(), td.rtmr0().hex(), td.rtmr1().hex(), td.rtmr2().hex(),
                td.rtmr3().hex(), td.reportData().hex(), quote.header().userData().hex());
    }

    private static String canonical(String name, String value, int bytes) {
        Objects.requireNonNull(value, name);
        return Hex.normalize(value, bytes).orElseThrow(() ->
                new IllegalArgumentException(name + " must be " + bytes + " bytes of hex"));
    }

    /** RTMR {@code index} (0..3). */
    public String rtmr(int index) {
        return rtmrs().get(index);
    }

    public List<String> rtmrs() {
        return List.of(rtmr0, rtmr1, rtmr2, rtmr3);
    }

    /** TD_ATTRIBUTES byte 0 bit 0: the TD can be inspected by the host, so nothing in it is confidential. */
    public boolean debug() {
        return (Character.digit(tdAttributes.charAt(1), 16) & 1) == 1;
    }
}
