package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.verdict.Check;

import java.util.Objects;

/**
 * One named check with its outcome and what was observed.
 *
 * @param name    which check
 * @param ok      whether it passed
 * @param failure why it failed; null exactly when {@code ok}
 * @param detail  the observed values, for people (never parsed)
 */
public record RekorCheck(RekorCheckName name, boolean ok, RekorFailure failure, String detail) {

    public RekorCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        if (ok != (failure == null)) {
            throw new IllegalArgumentException("a check carries a failure reason exactly when it fails");
        }
        if (failure != null && failure.check() != name) {
            throw new IllegalArgumentException(failure + " does not belong to " + name);
        }
    }

    public static RekorCheck pass(RekorCheckName name, String detail) {
        return new RekorCheck(name, true, null, detail);
    }

    public static RekorCheck fail(RekorFailure failure, String detail) {
        return new RekorCheck(failure.check(), false, failure, detail);
    }

    /** This check as a verdict check named {@link RekorCheckName#verdictName()}, its failure as the reason. */
    public Check toCheck() {
        return ok ? Check.pass(name.verdictName(), detail) : Check.fail(name.verdictName(), failure, detail);
    }
}
