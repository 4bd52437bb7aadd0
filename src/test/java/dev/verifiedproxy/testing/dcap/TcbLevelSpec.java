package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.TcbStatus;

import java.util.List;

/**
 * One platform TCB level of a test TCB info. Component arrays of a length other than 16 are
 * written as given (for the component-count negative cases); a null {@code tdxComponents} omits the key.
 *
 * @param sgxComponents SGX TCB component SVNs
 * @param pceSvn        PCESVN
 * @param tdxComponents TDX TCB component SVNs, or null
 * @param status        Intel's status string (any text, for the unknown-status case)
 * @param advisoryIds   advisory IDs; empty omits the key
 */
public record TcbLevelSpec(int[] sgxComponents, int pceSvn, int[] tdxComponents, String status,
                           List<String> advisoryIds) {

    /** A level every platform matches (all SVNs 0). */
    public static TcbLevelSpec lowest(TcbStatus status, String... advisoryIds) {
        return new TcbLevelSpec(new int[16], 0, new int[16], status.text(), List.of(advisoryIds));
    }

    public static TcbLevelSpec of(int[] sgx, int pceSvn, int[] tdx, TcbStatus status, String... advisoryIds) {
        return new TcbLevelSpec(sgx, pceSvn, tdx, status.text(), List.of(advisoryIds));
    }
}
