package dev.verifiedproxy.sigstore;

import java.util.Objects;

/** An envelope or statement that cannot be parsed, with the failure it amounts to. */
public final class ArtifactFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ArtifactFailure reason;

    public ArtifactFormatException(ArtifactFailure reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ArtifactFailure reason() {
        return reason;
    }
}
