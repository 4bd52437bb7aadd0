package dev.verifiedproxy.policy;

import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.gpu.GpuCheck;
import dev.verifiedproxy.gpu.GpuResult;
import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What GPU verification established about a model's GPUs, as the policy sees it.
 *
 * @param verified the GPU verifier's own conclusion: every stage ran and passed. The policy never infers
 *                 this from the checks alone, so a result that lists no failure but is not verified still fails.
 * @param checks   the verifier's checks, as verdict checks
 * @param count    how many GPUs' evidence the payload carries; empty if it could not be read
 * @param architecture the architecture the payload, its items and the GPUs' leaf certificates agree on; empty
 *                 if it was not established
 */
public record GpuFacts(boolean verified, List<Check> checks, Optional<Integer> count,
                       Optional<GpuArchitecture> architecture) {

    public GpuFacts {
        checks = List.copyOf(checks);
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(architecture, "architecture");
    }

    /** The facts of a GPU verification result. */
    public static GpuFacts of(GpuResult result) {
        return new GpuFacts(result.verified(), result.checks().stream().map(GpuCheck::toCheck).toList(), result.gpuCount(),
                result.architecture());
    }
}
