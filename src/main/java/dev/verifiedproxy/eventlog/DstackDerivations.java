package dev.verifiedproxy.eventlog;

/**
 * Identifiers dstack derives from a quote (measurements.md §1.6 items 5 and 6): values a report
 * claims in {@code info} and that a verifier must recompute rather than believe.
 */
public final class DstackDerivations {

    private DstackDerivations() {
    }

    /** {@code device_id}: SHA-256 of the 20-byte user data in the quote header (the platform's QE). */
    public static String deviceId(TdMeasurements td) {
        return Hex.encode(Sha.sha256(bytes(td.headerUserData())));
    }

    /**
     * {@code mr_aggregated}: SHA-256(MRTD ‖ RTMR0..3), followed by MR_CONFIG_ID ‖ MR_OWNER ‖
     * MR_OWNER_CONFIG only if any of those three is non-zero.
     */
    public static String mrAggregated(TdMeasurements td) {
        boolean config = !Hex.isZero(td.mrConfigId()) || !Hex.isZero(td.mrOwner()) || !Hex.isZero(td.mrOwnerConfig());
        byte[][] parts = config
                ? new byte[][] {bytes(td.mrTd()), bytes(td.rtmr0()), bytes(td.rtmr1()), bytes(td.rtmr2()), bytes(td.rtmr3()),
                        bytes(td.mrConfigId()), bytes(td.mrOwner()), bytes(td.mrOwnerConfig())}
                : new byte[][] {bytes(td.mrTd()), bytes(td.rtmr0()), bytes(td.rtmr1()), bytes(td.rtmr2()), bytes(td.rtmr3())};
        return Hex.encode(Sha.sha256(parts));
    }

    /**
     * {@code mr_system}: boot chain plus key provider without RTMR3, SHA-256(MRTD ‖ RTMR0 ‖ RTMR1 ‖
     * RTMR2 ‖ SHA-256(key-provider payload) or 32 zero bytes); stable across compose redeploys.
     */
    public static String mrSystem(TdMeasurements td, RuntimeEvents events) {
        byte[] provider = events.boot().stream().filter(e -> e.name().equals(RuntimeEvents.KEY_PROVIDER)).findFirst()
                .map(e -> Sha.sha256(e.payloadBytes())).orElse(new byte[32]);
        return Hex.encode(Sha.sha256(bytes(td.mrTd()), bytes(td.rtmr0()), bytes(td.rtmr1()), bytes(td.rtmr2()), provider));
    }

    private static byte[] bytes(String hex) {
        return Hex.decode(hex).orElseThrow();
    }
}
