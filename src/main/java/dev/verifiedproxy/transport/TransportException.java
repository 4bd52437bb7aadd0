package dev.verifiedproxy.transport;

/**
 * A backend exchange failed. The message is safe to show to the proxy's client: it names the
 * domain and the failed step, never credentials or request content.
 */
public final class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final TransportFailure failure;
    private final String domain;
    private final String failedCheck;
    private final String detail;

    public TransportException(TransportFailure failure, String domain, String detail, Throwable cause) {
        this(failure, domain, null, detail, cause);
    }

    public TransportException(TransportFailure failure, String domain, String failedCheck, String detail, Throwable cause) {
        super(failure.summary() + " for " + domain + (failedCheck == null ? "" : " (check " + failedCheck + ")")
                + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
        this.failure = failure;
        this.domain = domain;
        this.failedCheck = failedCheck;
        this.detail = detail;
    }

    public TransportFailure failure() {
        return failure;
    }

    public String domain() {
        return domain;
    }

    /** What went wrong, without the summary prefix. */
    public String detail() {
        return detail;
    }

    /**
     * The name of the attestation check that failed, when {@link #failure()} is ATTESTATION_REJECTED; for
     * CREDENTIAL_WITHHELD, the {@link WebPkiStatus#check() WebPKI check} the peer's certificate failed.
     */
    public String failedCheck() {
        return failedCheck;
    }
}
