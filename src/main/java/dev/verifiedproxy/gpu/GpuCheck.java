package dev.verifiedproxy.gpu;

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
public record GpuCheck(GpuCheckName name, boolean ok, GpuFailure failure, String detail) {

    public GpuCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        if (ok != (failure == null)) {
            throw new IllegalArgumentException("a check carries a failure reason exactly when it fails");
        }
        if (failure != null && failure.check() != name) {
            throw new IllegalArgumentException(failure + " does not belong to " + name);
        }
    }

    public static GpuCheck pass(GpuCheckName name, String detail) {
        return new GpuCheck(name, true, null, detail);
    }

    public static GpuCheck fail(GpuFailure failure, String detail) {
        return new GpuCheck(failure.check(), false, failure, detail);
    }

    /** {@code detail} for a passed check; {@code failure-id: detail} for a failed one. */
    public String describe() {
        return ok ? detail : failure.id() + ": " + detail;
    }

    /** This check as a verdict check named {@link GpuCheckName#verdictName()}, its failure as the reason. */
    public Check toCheck() {
        return ok ? Check.pass(name.verdictName(), detail) : Check.fail(name.verdictName(), failure, detail);
    }
}
