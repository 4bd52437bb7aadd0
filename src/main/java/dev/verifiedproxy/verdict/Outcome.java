package dev.verifiedproxy.verdict;

/**
 * The result of one check after the policy has spoken. Verifiers only ever produce
 * {@link #PASS} or {@link #FAIL}; the policy may turn a failure it does not enforce into
 * {@link #WARNED}, and reports an allow-list it does not have as {@link #NOT_PINNED}.
 */
public enum Outcome {
    PASS(true),
    FAIL(false),
    /** Failed, but the policy says {@code "mode": "warn"} for it: reported, not enforced. */
    WARNED(true),
    /** The policy has no allow-list for this value: accepted as observed, and said so. */
    NOT_PINNED(true);

    private final boolean ok;

    Outcome(boolean ok) {
        this.ok = ok;
    }

    /** Whether the verdict may still be "verified" with this outcome. */
    public boolean ok() {
        return ok;
    }
}
