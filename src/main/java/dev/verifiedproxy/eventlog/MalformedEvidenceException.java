package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Check;

import java.util.Objects;

/**
 * Untrusted attestation input that does not have the expected shape. Carries one named reason
 * and the JSON path of the offending value (e.g. {@code $.model_attestations[0].event_log[4].digest}).
 */
public class MalformedEvidenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FormatFailure reason;
    private final String path;

    public MalformedEvidenceException(FormatFailure reason, String path, String detail) {
        super(path + ": " + detail);
        this.reason = Objects.requireNonNull(reason);
        this.path = Objects.requireNonNull(path);
    }

    public FormatFailure reason() {
        return reason;
    }

    public String path() {
        return path;
    }

    /** The failure as a named check, for verdicts ({@code name} says what was being read). */
    public Check toCheck(String name) {
        return Check.fail(name, reason, getMessage());
    }
}
