package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.TcbStatus;

import java.util.List;

/**
 * A TCB level keyed by one ISVSVN: QE identity levels and TDX module identity levels.
 *
 * @param isvSvn      minimum ISVSVN
 * @param status      Intel's status string
 * @param advisoryIds advisory IDs; empty omits the key
 */
public record IsvLevelSpec(int isvSvn, String status, List<String> advisoryIds) {

    public static IsvLevelSpec of(int isvSvn, TcbStatus status, String... advisoryIds) {
        return new IsvLevelSpec(isvSvn, status.text(), List.of(advisoryIds));
    }
}
