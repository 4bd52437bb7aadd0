package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.collateral.TcbLevel;
import dev.verifiedproxy.quote.Bytes;
import dev.verifiedproxy.quote.TdReport10;
import dev.verifiedproxy.quote.TeeType;

import java.util.List;

/**
 * Step 11 (dcap.md §4), platform part: FMSPC, PCE-ID and TCB-info type, then the first TCB level in
 * canonical order that the platform reaches.
 *
 * <p>Two choices that follow Intel's QVL rather than dcap-qvl:
 * <ul>
 *   <li>The PCE-ID of the PCK certificate must equal the TCB info's {@code pceId} (Intel QuoteVerifier
 *       §4.1.2.4.10; dcap-qvl does not check it). A TCB info for another PCE describes another platform.</li>
 *   <li>TDX components are compared from index 2 when the TDX module version ({@code tee_tcb_svn[1]}) is
 *       non-zero, as Intel's {@code isTdxTcbHigherOrEqual} and the PCS TCB-info specification say: then
 *       components 0 and 1 are the module's ISVSVN and version, judged by the module identity's own levels
 *       ({@link TdxModuleCheck}, which in turn requires that identity). dcap-qvl compares all 16 and can
 *       miss a level or pick a lower one; the two agree on every real vector we have.</li>
 * </ul>
 */
final class PlatformTcb {

    private PlatformTcb() {
    }

    static TcbResult evaluate(TeeType tee, TdReport10 td, PckExtensions pck, TcbInfo info, List<TcbLevel> canonical)
            throws DcapException {
        if (!info.fmspc().equals(pck.fmspc())) {
            throw new DcapException(DcapFailure.FMSPC_MISMATCH, "TCB info FMSPC " + info.fmspc()
                    + " is not the PCK certificate's " + pck.fmspc());
        }
        if (!info.pceId().equals(pck.pceId())) {
            throw new DcapException(DcapFailure.PCE_ID_MISMATCH, "TCB info PCE-ID " + info.pceId()
                    + " is not the PCK certificate's " + pck.pceId());
        }
        boolean tdx = tee == TeeType.TDX;
        if (tdx ? !(info.version() >= 3 && "TDX".equals(info.id())) : !(info.version() >= 2 && "SGX".equals(info.id()))) {
            throw new DcapException(DcapFailure.TCB_INFO_TEE_MISMATCH, tee + " quote with TCB info id '" + info.id()
                    + "' version " + info.version());
        }
        Bytes teeTcbSvn = tdx ? td.teeTcbSvn() : null;
        int tdxFrom = tdx && teeTcbSvn.get(1) > 0 ? 2 : 0;
        for (TcbLevel level : canonical) {
            if (pck.pceSvn() < level.pceSvn()) {
                continue;
            }
            if (level.sgxComponents().length() != 16) {
                throw new DcapException(DcapFailure.SGX_COMPONENT_COUNT_MISMATCH, "a TCB level has "
                        + level.sgxComponents().length() + " SGX components");
            }
            if (!atLeast(pck.cpuSvn(), level.sgxComponents(), 0)) {
                continue;
            }
            if (tdx) {
                if (level.tdxComponents().length() != 16) {
                    throw new DcapException(DcapFailure.TDX_COMPONENT_COUNT_MISMATCH, "a TCB level has "
                            + level.tdxComponents().length() + " TDX components");
                }
                if (!atLeast(teeTcbSvn, level.tdxComponents(), tdxFrom)) {
                    continue;
                }
            }
            return new TcbResult(level.status(), level.advisoryIds());
        }
        throw new DcapException(DcapFailure.NO_MATCHING_TCB_LEVEL, "no TCB level of FMSPC " + info.fmspc()
                + " matches CPUSVN " + pck.cpuSvn() + ", PCESVN " + pck.pceSvn()
                + (tdx ? ", TEE TCB SVN " + teeTcbSvn : ""));
    }

    private static boolean atLeast(Bytes platform, Bytes level, int from) {
        for (int i = from; i < 16; i++) {
            if (platform.get(i) < level.get(i)) {
                return false;
            }
        }
        return true;
    }
}
