package dev.verifiedproxy.policy;

import dev.verifiedproxy.gpu.GpuCheckName;
import dev.verifiedproxy.verdict.Check;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The policy's rules about a model's GPUs (README.md, Attestation policy, {@code gpu}). */
final class GpuRules {

    /** Every check of a complete GPU verification: local evidence checks, then NRAS's appraisal. */
    static final List<String> REQUIRED_CHECKS = Arrays.stream(GpuCheckName.values()).map(GpuCheckName::verdictName).toList();

    private GpuRules() {
    }

    /**
     * Fail closed on the verifier's own conclusion: the GPUs pass only if the result says verified and every
     * required check is present and passed. A failed GPU check already fails the component with its own
     * reason, so this rule speaks only when nothing else would: a result that is not verified although no
     * check failed, or one that skipped checks.
     */
    static Optional<Check> complete(GpuFacts facts) {
        if (facts.checks().stream().anyMatch(c -> !c.ok())) {
            return Optional.empty();
        }
        List<String> missing = REQUIRED_CHECKS.stream()
                .filter(name -> facts.checks().stream().noneMatch(c -> c.name().equals(name))).toList();
        if (!facts.verified()) {
            return Optional.of(Check.fail(PolicyEvaluator.GPU, PolicyFailure.GPU_NOT_VERIFIED,
                    "the GPU verifier does not report the evidence verified" + (missing.isEmpty() ? ""
                            : "; checks not run: " + String.join(", ", missing))));
        }
        if (!missing.isEmpty()) {
            return Optional.of(Check.fail(PolicyEvaluator.GPU, PolicyFailure.GPU_NOT_VERIFIED,
                    "checks the policy requires were not run: " + String.join(", ", missing)));
        }
        return Optional.empty();
    }
}
