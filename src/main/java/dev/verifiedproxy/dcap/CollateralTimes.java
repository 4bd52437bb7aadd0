package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.QeIdentity;
import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.quote.TeeType;

import java.time.Instant;

/**
 * Steps 3 and 5 (dcap.md §4): TCB info and QE identity at an instant ({@link SignedJson#at}); then the QE
 * identity's id and version for the quote's TEE.
 */
final class CollateralTimes {

    private CollateralTimes() {
    }

    static TcbInfo tcbInfo(PreparedCollateral c, Instant at) throws DcapException {
        return c.tcbInfo.at(at);
    }

    static QeIdentity qeIdentity(PreparedCollateral c, TeeType tee, Instant at) throws DcapException {
        QeIdentity qe = c.qeIdentity.at(at);
        boolean fits = tee == TeeType.SGX ? "QE".equals(qe.id()) && qe.version() == 2
                : "TD_QE".equals(qe.id()) && (qe.version() == 2 || qe.version() == 3);
        if (!fits) {
            throw new DcapException(DcapFailure.QE_IDENTITY_UNSUPPORTED, "QE identity '" + qe.id() + "' version "
                    + qe.version() + " for a " + tee + " quote");
        }
        return qe;
    }
}
