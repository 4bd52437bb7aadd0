package dev.verifiedproxy.sigstore;

import java.util.Objects;

/**
 * A trusted root that cannot be used: it is configuration, so this is a start-up or reload error, not a
 * verification outcome.
 */
public final class TrustedRootException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a trusted root is refused. */
    public enum Problem {
        /** Not JSON, too large, or a field missing or of the wrong type. */
        MALFORMED,
        /** A media type other than the trusted root's 0.1 and 0.2. */
        UNSUPPORTED_MEDIA_TYPE,
        /** A log key type or hash algorithm this code does not implement. */
        UNSUPPORTED_ALGORITHM,
        /** A key that does not decode as its declared type. */
        INVALID_KEY,
        /** A CA certificate that does not parse. */
        INVALID_CERTIFICATE,
        /** A validity window that is not RFC 3339 or ends before it starts. */
        INVALID_WINDOW,
        /** Two logs with one id over overlapping windows. */
        AMBIGUOUS_LOG_ID
    }

    private final transient Problem problem;

    public TrustedRootException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
