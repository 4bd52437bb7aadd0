package dev.verifiedproxy.transport;

import java.util.Optional;

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
    private final transient GatewayRefusal refusal;

    public TransportException(TransportFailure failure, String domain, String detail, Throwable cause) {
        this(failure, domain, null, detail, cause);
    }

    public TransportException(TransportFailure failure, String domain, String failedCheck, String detail, Throwable cause) {
        this(failure, domain, failedCheck, detail, null, cause);
    }

    /** @param refusal the gateway's own answer to pass to the client, for {@link TransportFailure#CREDENTIAL_REFUSED} */
    public TransportException(TransportFailure failure, String domain, String failedCheck, String detail,
                              GatewayRefusal refusal, Throwable cause) {
        super(failure.summary() + " for " + domain + (failedCheck == null ? "" : " (check " + failedCheck + ")")
                + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
        if ((failure == TransportFailure.CREDENTIAL_REFUSED) != (refusal != null)) {
            throw new IllegalArgumentException("a refused credential, and only that, comes with the gateway's answer");
        }
        this.failure = failure;
        this.domain = domain;
        this.failedCheck = failedCheck;
        this.detail = detail;
        this.refusal = refusal;
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

    /** The gateway's refusal of the caller's credential (status and error for the client), when CREDENTIAL_REFUSED. */
    public Optional<GatewayRefusal> refusal() {
        return Optional.ofNullable(refusal);
    }
}
