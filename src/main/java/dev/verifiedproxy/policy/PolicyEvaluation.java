package dev.verifiedproxy.policy;

import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy's decision on one component: every check as the verdict shows it.
 *
 * @param profile      name of the profile applied; empty when none matched
 * @param checks       facts with the policy's enforcement applied, then the policy's own rules
 * @param policyDigest digest of the policy that decided
 */
public record PolicyEvaluation(Optional<String> profile, List<Check> checks, String policyDigest) {

    public PolicyEvaluation {
        Objects.requireNonNull(profile, "profile");
        checks = List.copyOf(checks);
        Objects.requireNonNull(policyDigest, "policyDigest");
    }

    public boolean accepted() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }
}
