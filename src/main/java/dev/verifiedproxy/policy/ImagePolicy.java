package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Optional;

/**
 * {@code images}: per-repository digest rules for the provenance compose mode and compose-manager.
 *
 * @param rules             one rule per repository
 * @param allowUnknownRepos {@code unknownRepos: "allow"}: a pinned image of a repository without a rule is accepted
 */
public record ImagePolicy(List<ImageRule> rules, boolean allowUnknownRepos) {

    public static final ImagePolicy NONE = new ImagePolicy(List.of(), false);

    public ImagePolicy {
        rules = List.copyOf(rules);
    }

    public Optional<ImageRule> ruleFor(String repository) {
        return rules.stream().filter(r -> r.repository().equals(repository)).findFirst();
    }

    public Optional<ImageRule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
