package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.QuoteFormatProblem;

import java.time.Instant;
import java.util.List;

/**
 * The facts one verification established (no policy). {@link #verified()} is true when every check of
 * dcap.md §4 passed at {@link #at()}: chains, CRLs, signatures, collateral validity, a matching TCB level,
 * status not Revoked, and the report attributes. Otherwise {@link #failure()} names the first check that
 * failed and {@link #message()} says why; every fact established before it is still reported (e.g. the
 * statuses of a quote that failed on its TD attributes). Null means "not established".
 *
 * @param failure              the failed check, or null when verified
 * @param message              why it failed, or null
 * @param certificateProblem   detail of a chain / root CRL failure, or null
 * @param formatProblem        detail of a {@link DcapFailure#QUOTE_FORMAT} failure, or null
 * @param at                   the instant the verification was evaluated at (whole seconds)
 * @param quote                the parsed quote, or null when it did not parse
 * @param pck                  the PCK certificate's SGX extension facts (FMSPC, PPID, ...), or null
 * @param platformTcb          the matched platform TCB level, converged with the TDX module level, or null
 * @param moduleTcb            the matched TDX module identity level, or null (SGX, or module version 0)
 * @param qeTcb                the matched QE identity level, or null
 * @param tcb                  platformTcb converged with qeTcb: the quote's TCB status, or null
 * @param collateralValidUntil last second at which the collateral the verifier checked (TCB info, QE
 *                             identity, CRLs, signing and PCK chains) is valid; never null when verified;
 *                             null when a failure came before it could be established
 */
public record DcapResult(DcapFailure failure, String message, CertificateProblem certificateProblem,
                         QuoteFormatProblem formatProblem, Instant at, Quote quote, PckExtensions pck,
                         TcbResult platformTcb, TcbResult moduleTcb, TcbResult qeTcb, TcbResult tcb,
                         Instant collateralValidUntil) {

    public DcapResult {
        // Callers take the minimum of every quote's validity: a verified result without one would either
        // break them or, worse, be trusted forever.
        if (failure == null && collateralValidUntil == null) {
            throw new IllegalArgumentException("a verified result must say until when its collateral is valid");
        }
    }

    public boolean verified() {
        return failure == null;
    }

    /** The converged TCB status, or null when not established. */
    public TcbStatus status() {
        return tcb == null ? null : tcb.status();
    }

    /** The converged advisory IDs (platform, then module, then QE), empty when not established. */
    public List<String> advisoryIds() {
        return tcb == null ? List.of() : tcb.advisoryIds();
    }

    @Override
    public String toString() {
        return verified() ? "DcapResult[verified, " + status() + " " + advisoryIds() + "]"
                : "DcapResult[" + failure + (certificateProblem != null ? "/" + certificateProblem : "")
                + (formatProblem != null ? "/" + formatProblem : "") + ": " + message + "]";
    }
}
