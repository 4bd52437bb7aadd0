package dev.verifiedproxy.policy;

import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.gpu.GpuCheckName;
import dev.verifiedproxy.verdict.Check;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The policy's rules about a model's GPUs (README.md, Attestation policy, {@code gpu}). */
final class GpuRules {

    static final String COUNT = "gpu_count_allowed";
    static final String ARCHITECTURE = "gpu_architecture_allowed";

    /** Every check of a complete GPU verification: local evidence checks, then NRAS's appraisal. */
    static final List<String> REQUIRED_CHECKS = Arrays.stream(GpuCheckName.values()).map(GpuCheckName::verdictName).toList();

    private GpuRules() {
    }

    /** The number of GPUs (evidence items) against {@code gpu.count}; vm_config's claim is only the verifier's check. */
    static Check count(GpuPolicy policy, Optional<Integer> observed) {
        String shown = observed.map(n -> n + " GPUs").orElse("(not established)");
        if (policy.counts().isEmpty()) {
            return Check.notPinned(COUNT, "observed " + shown);
        }
        String allowed = new TreeSet<>(policy.counts().get()).toString();
        if (observed.isEmpty()) {
            return Check.fail(COUNT, PolicyFailure.GPU_FACT_UNKNOWN, "GPU count " + shown + "; the policy allows " + allowed);
        }
        return policy.counts().get().contains(observed.get())
                ? Check.pass(COUNT, shown + ", allowed " + allowed)
                : Check.fail(COUNT, PolicyFailure.GPU_COUNT_NOT_ALLOWED, shown + "; the policy allows " + allowed);
    }

    /** The architecture the evidence established against {@code gpu.architectures}. */
    static Check architecture(GpuPolicy policy, Optional<GpuArchitecture> observed) {
        String shown = observed.map(GpuArchitecture::name).orElse("(not established)");
        if (policy.architectures().isEmpty()) {
            return Check.notPinned(ARCHITECTURE, "observed " + shown);
        }
        String allowed = new TreeSet<>(policy.architectures().get()).toString();
        if (observed.isEmpty()) {
            return Check.fail(ARCHITECTURE, PolicyFailure.GPU_FACT_UNKNOWN, "architecture " + shown + "; the policy allows "
                    + allowed);
        }
        return policy.architectures().get().contains(observed.get())
                ? Check.pass(ARCHITECTURE, shown + ", allowed " + allowed)
                : Check.fail(ARCHITECTURE, PolicyFailure.GPU_ARCHITECTURE_NOT_ALLOWED, shown + "; the policy allows " + allowed);
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
