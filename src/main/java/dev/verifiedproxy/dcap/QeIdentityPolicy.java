package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.IsvTcbLevel;
import dev.verifiedproxy.collateral.QeIdentity;
import dev.verifiedproxy.quote.Bytes;
import dev.verifiedproxy.quote.EnclaveReport;

/** Step 9 (dcap.md §4): the QE report against Intel's QE identity, in dcap-qvl's order; gives the QE status. */
final class QeIdentityPolicy {

    private QeIdentityPolicy() {
    }

    static TcbResult evaluate(EnclaveReport qe, QeIdentity identity) throws DcapException {
        if (!qe.mrSigner().equals(identity.mrSigner())) {
            throw new DcapException(DcapFailure.QE_MRSIGNER_MISMATCH, "QE MRSIGNER " + qe.mrSigner()
                    + " is not " + identity.mrSigner());
        }
        // Never allowed, whatever allowDebug says: a debug QE's key can be read out.
        if (qe.debug()) {
            throw new DcapException(DcapFailure.QE_DEBUG_ENABLED, "the Quoting Enclave has the DEBUG attribute");
        }
        if (qe.isvProdId() != identity.isvProdId()) {
            throw new DcapException(DcapFailure.QE_ISVPRODID_MISMATCH, "QE ISVPRODID " + qe.isvProdId()
                    + " is not " + identity.isvProdId());
        }
        long mask = littleEndian(identity.miscSelectMask());
        if ((qe.miscSelect() & mask) != (littleEndian(identity.miscSelect()) & mask)) {
            throw new DcapException(DcapFailure.QE_MISCSELECT_MISMATCH, "QE MISCSELECT 0x"
                    + Long.toHexString(qe.miscSelect()) + " does not match under mask 0x" + Long.toHexString(mask));
        }
        for (int i = 0; i < 16; i++) {
            int m = identity.attributesMask().get(i);
            if ((qe.attributes().get(i) & m) != (identity.attributes().get(i) & m)) {
                throw new DcapException(DcapFailure.QE_ATTRIBUTES_MISMATCH, "QE ATTRIBUTES mismatch at byte " + i);
            }
        }
        // First level in JSON order whose ISVSVN the QE reaches (Intel publishes them descending).
        for (IsvTcbLevel level : identity.tcbLevels()) {
            if (qe.isvSvn() >= level.isvSvn()) {
                return new TcbResult(level.status(), level.advisoryIds());
            }
        }
        throw new DcapException(DcapFailure.QE_ISVSVN_TOO_LOW, "QE ISVSVN " + qe.isvSvn()
                + " is below every level of the QE identity");
    }

    private static long littleEndian(Bytes four) {
        return four.get(0) | (long) four.get(1) << 8 | (long) four.get(2) << 16 | (long) four.get(3) << 24;
    }
}
