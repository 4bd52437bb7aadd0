package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.TcbStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * A TCB status with its advisory IDs: the platform level, the TDX module level, the QE level, and
 * their convergence.
 *
 * @param status      the status
 * @param advisoryIds Intel security advisories, in order, without duplicates
 */
public record TcbResult(TcbStatus status, List<String> advisoryIds) {

    public TcbResult {
        advisoryIds = List.copyOf(advisoryIds);
    }

    /**
     * Converges this status with another one (platform with TDX module, then with QE). Advisory IDs:
     * this list, then the other's IDs not yet present (dcap-qvl's rule).
     *
     * <p>Status: the more severe of the two (ties keep this), <b>except</b> that OutOfDate combined with
     * ConfigurationNeeded or ConfigurationAndSWHardeningNeeded gives OutOfDateConfigurationNeeded. That
     * exception is Intel's QVL ({@code convergeTcbStatusWithQeTcbStatus},
     * {@code convergeTcbStatusWithTdxModuleStatus}); dcap-qvl returns plain OutOfDate there and so loses the
     * fact that the platform also needs configuration. We keep both facts: the result is more severe, never less.
     */
    public TcbResult merge(TcbResult other) {
        List<String> ids = new ArrayList<>(advisoryIds);
        other.advisoryIds.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        TcbStatus merged = other.status.severity() > status.severity() ? other.status : status;
        if (isConfiguration(status) && other.status == TcbStatus.OUT_OF_DATE
                || isConfiguration(other.status) && status == TcbStatus.OUT_OF_DATE) {
            merged = TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        }
        return new TcbResult(merged, ids);
    }

    private static boolean isConfiguration(TcbStatus s) {
        return s == TcbStatus.CONFIGURATION_NEEDED || s == TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
    }
}
