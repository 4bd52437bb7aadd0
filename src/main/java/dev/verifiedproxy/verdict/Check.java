package dev.verifiedproxy.verdict;

import jakarta.json.JsonObject;

import java.util.Objects;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * One named check of a verdict with what was observed. Serialised exactly as architecture.md
 * §4 specifies: {@code {"name": .., "ok": bool, "detail": ..}}; the reason and the finer
 * {@link Outcome} are kept for callers and tests, and the reason's code leads the detail text.
 *
 * @param name    stable snake_case identifier, e.g. {@code rtmr3_replay}
 * @param outcome pass, fail, warned or not pinned
 * @param detail  observed values and, on failure, what differed
 * @param reason  why it failed; {@code null} exactly when the check passed or is not pinned
 */
public record Check(String name, Outcome outcome, String detail, Reason reason) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("check names are snake_case: " + name);
        }
        boolean failed = outcome == Outcome.FAIL || outcome == Outcome.WARNED;
        if (failed != (reason != null)) {
            throw new IllegalArgumentException("a reason is required exactly for failed or warned checks: " + name);
        }
    }

    public static Check pass(String name, String detail) {
        return new Check(name, Outcome.PASS, detail, null);
    }

    public static Check fail(String name, Reason reason, String detail) {
        return new Check(name, Outcome.FAIL, detail, Objects.requireNonNull(reason, "reason"));
    }

    public static Check notPinned(String name, String detail) {
        return new Check(name, Outcome.NOT_PINNED, detail, null);
    }

    /** Acceptable under the active policy. */
    public boolean ok() {
        return outcome.ok();
    }

    /** This check with a failure downgraded to a warning; passes are unchanged. */
    public Check warnedIfFailed() {
        return outcome == Outcome.FAIL ? new Check(name, Outcome.WARNED, detail, reason) : this;
    }

    /** The text clients see: the failure reason first, so that logs and UIs show why at a glance. */
    public String displayDetail() {
        return switch (outcome) {
            case PASS -> detail;
            case FAIL -> reason.code() + ": " + reason.message() + " " + detail;
            case WARNED -> "warning, not enforced by policy (" + reason.code() + "): " + reason.message() + " " + detail;
            case NOT_PINNED -> "not pinned by policy: " + detail;
        };
    }

    public JsonObject toJson() {
        return JSON.createObjectBuilder().add("name", name).add("ok", ok()).add("detail", displayDetail()).build();
    }
}
