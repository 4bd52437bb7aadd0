package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.QeIdentity;
import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.quote.TeeType;

import java.time.Instant;

/**
 * Steps 3 and 5 (dcap.md §4): TCB info and QE identity at an instant, in dcap-qvl's order: parse, issue
 * date, next update ({@code at == nextUpdate} still passes), issuer chain, signature; then the QE identity's
 * id and version for the quote's TEE.
 */
final class CollateralTimes {

    private CollateralTimes() {
    }

    static TcbInfo tcbInfo(PreparedCollateral c, Instant at) throws DcapException {
        if (c.tcbInfoProblem != null) {
            throw c.tcbInfoProblem;
        }
        TcbInfo info = c.tcbInfo;
        if (at.isBefore(info.issueDate())) {
            throw new DcapException(DcapFailure.TCB_INFO_NOT_YET_VALID, "TCB info issued at " + info.issueDate());
        }
        if (at.isAfter(info.nextUpdate())) {
            throw new DcapException(DcapFailure.TCB_INFO_EXPIRED, "TCB info expired at " + info.nextUpdate());
        }
        ChainFailure chain = c.tcbChain.problemAt(at);
        if (chain != null) {
            throw new DcapException(DcapFailure.TCB_INFO_CHAIN_INVALID, chain.message(), chain.problem(), null);
        }
        if (!c.tcbSignatureValid) {
            throw new DcapException(DcapFailure.TCB_INFO_SIGNATURE_INVALID, "tcb_info is not signed by its issuer chain");
        }
        return info;
    }

    static QeIdentity qeIdentity(PreparedCollateral c, TeeType tee, Instant at) throws DcapException {
        if (c.qeIdentityProblem != null) {
            throw c.qeIdentityProblem;
        }
        QeIdentity qe = c.qeIdentity;
        if (at.isBefore(qe.issueDate())) {
            throw new DcapException(DcapFailure.QE_IDENTITY_NOT_YET_VALID, "QE identity issued at " + qe.issueDate());
        }
        if (at.isAfter(qe.nextUpdate())) {
            throw new DcapException(DcapFailure.QE_IDENTITY_EXPIRED, "QE identity expired at " + qe.nextUpdate());
        }
        ChainFailure chain = c.qeChain.problemAt(at);
        if (chain != null) {
            throw new DcapException(DcapFailure.QE_IDENTITY_CHAIN_INVALID, chain.message(), chain.problem(), null);
        }
        if (!c.qeSignatureValid) {
            throw new DcapException(DcapFailure.QE_IDENTITY_SIGNATURE_INVALID,
                    "qe_identity is not signed by its issuer chain");
        }
        boolean fits = tee == TeeType.SGX ? "QE".equals(qe.id()) && qe.version() == 2
                : "TD_QE".equals(qe.id()) && (qe.version() == 2 || qe.version() == 3);
        if (!fits) {
            throw new DcapException(DcapFailure.QE_IDENTITY_UNSUPPORTED, "QE identity '" + qe.id() + "' version "
                    + qe.version() + " for a " + tee + " quote");
        }
        return qe;
    }
}
