package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.IsvTcbLevel;
import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.collateral.TdxModule;
import dev.verifiedproxy.quote.TdReport10;

import java.util.Locale;

/**
 * Step 11, TDX module part (dcap.md §4): the SEAM module that produced the TD report against the TCB
 * info's {@code tdxModule} / {@code tdxModuleIdentities}. Returns the module level's status, or null when
 * the module version is 0 (no identity applies).
 *
 * <p>When the module version ({@code tee_tcb_svn[1]}) is non-zero the identity {@code TDX_%02X} is
 * <b>required</b> (Intel's QVL reports TDX_MODULE_MISMATCH without it). dcap-qvl falls back to
 * {@code tdxModule} when the TCB info has no identities at all; since {@link PlatformTcb} no longer compares
 * the module SVNs in that case, skipping the identity would leave the module's ISVSVN unchecked.
 * MRSIGNER and SEAM attributes are compared as in dcap-qvl: under the mask, and no bit outside it.
 */
final class TdxModuleCheck {

    private TdxModuleCheck() {
    }

    static TcbResult evaluate(TdReport10 td, TcbInfo info) throws DcapException {
        if (info.tdxModule() == null) {
            throw new DcapException(DcapFailure.TDX_MODULE_MISSING, "the TDX TCB info has no tdxModule");
        }
        int version = td.teeTcbSvn().get(1);
        int isvSvn = td.teeTcbSvn().get(0);
        TdxModule expected = info.tdxModule();
        if (version > 0) {
            String id = String.format(Locale.ROOT, "TDX_%02X", version);
            expected = info.tdxModuleIdentities().stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new DcapException(DcapFailure.TDX_MODULE_IDENTITY_NOT_FOUND,
                            "no TDX module identity " + id + " in the TCB info"));
        }
        if (!td.mrSignerSeam().equals(expected.mrSigner())) {
            throw new DcapException(DcapFailure.TDX_MODULE_MRSIGNER_MISMATCH, "MRSIGNER_SEAM " + td.mrSignerSeam()
                    + " is not " + expected.mrSigner());
        }
        for (int i = 0; i < 8; i++) {
            int seam = td.seamAttributes().get(i);
            int mask = expected.attributesMask().get(i);
            if ((seam & mask) != (expected.attributes().get(i) & mask) || (seam & ~mask & 0xFF) != 0) {
                throw new DcapException(DcapFailure.TDX_MODULE_ATTRIBUTES_MISMATCH,
                        "SEAM attributes " + td.seamAttributes() + " do not match at byte " + i);
            }
        }
        if (version == 0) {
            return null;
        }
        for (IsvTcbLevel level : expected.tcbLevels()) {
            if (isvSvn >= level.isvSvn()) {
                return new TcbResult(level.status(), level.advisoryIds());
            }
        }
        throw new DcapException(DcapFailure.TDX_MODULE_ISVSVN_TOO_LOW, "TDX module ISVSVN " + isvSvn
                + " is below every level of " + expected.id());
    }
}
