package dev.verifiedproxy.collateral;

/** Collateral could not be obtained. */
public final class CollateralException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The service could not be reached or broke off the exchange. */
        UNREACHABLE,
        /** The service did not answer within the configured time. */
        TIMEOUT,
        /** The service answered with a non-2xx status. */
        HTTP_STATUS,
        /** The service answered with something that is not Intel collateral. */
        MALFORMED,
        /** The answer exceeds the configured size limit. */
        TOO_LARGE,
        /** The source has no collateral for this key (offline sources). */
        NOT_FOUND
    }

    private final Reason reason;

    public CollateralException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
