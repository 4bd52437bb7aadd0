package dev.verifiedproxy.collateral;

import java.util.List;

/**
 * A TCB level keyed by one ISVSVN: the levels of a QE identity and of a TDX module identity.
 *
 * @param isvSvn      the minimum ISVSVN of the level
 * @param tcbDate     Intel's tcbDate, as written
 * @param status      the status of the level
 * @param advisoryIds Intel security advisories, in Intel's order
 */
public record IsvTcbLevel(int isvSvn, String tcbDate, TcbStatus status, List<String> advisoryIds) {

    public IsvTcbLevel {
        advisoryIds = List.copyOf(advisoryIds);
    }
}
