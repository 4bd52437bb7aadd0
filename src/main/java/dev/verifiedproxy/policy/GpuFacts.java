package dev.verifiedproxy.policy;

import dev.verifiedproxy.gpu.GpuCheck;
import dev.verifiedproxy.gpu.GpuResult;
import dev.verifiedproxy.verdict.Check;

import java.util.List;

/**
 * What GPU verification established about a model's GPUs, as the policy sees it.
 *
 * @param verified the GPU verifier's own conclusion: every stage ran and passed. The policy never infers
 *                 this from the checks alone, so a result that lists no failure but is not verified still fails.
 * @param checks   the verifier's checks, as verdict checks
 */
public record GpuFacts(boolean verified, List<Check> checks) {

    public GpuFacts {
        checks = List.copyOf(checks);
    }

    /** The facts of a GPU verification result. */
    public static GpuFacts of(GpuResult result) {
        return new GpuFacts(result.verified(), result.checks().stream().map(GpuCheck::toCheck).toList());
    }
}
