package dev.verifiedproxy.sigstore;

import java.util.Objects;

/** Rekor data that cannot be parsed into the records of this package, with the failure it amounts to. */
public final class RekorFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RekorFailure reason;

    public RekorFormatException(RekorFailure reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RekorFailure reason() {
        return reason;
    }

    /** This problem as a failed check. */
    public RekorCheck toCheck() {
        return RekorCheck.fail(reason, getMessage());
    }
}
