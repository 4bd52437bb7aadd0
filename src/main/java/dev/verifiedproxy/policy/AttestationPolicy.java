package dev.verifiedproxy.policy;

import dev.verifiedproxy.verdict.Role;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated attestation policy (measurements.md §3.5), immutable once loaded.
 *
 * @param digest   {@code sha256:<hex>} of the policy file's bytes, reported with every verdict
 * @param source   where it came from: a file path, or {@code built-in default policy}
 * @param profiles in file order; the first match wins
 * @param images   image rules
 */
public record AttestationPolicy(String digest, String source, List<Profile> profiles, ImagePolicy images) {

    public AttestationPolicy {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(source, "source");
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(images, "images");
    }

    /** Source and digest only: the policy is logged with the configuration and every verdict. */
    @Override
    public String toString() {
        return source + " (" + digest + ")";
    }

    /** The first profile, in file order, that applies to a component reached at {@code host}. */
    public Optional<Profile> profileFor(Role role, String host) {
        return profiles.stream().filter(p -> p.match().matches(role, host)).findFirst();
    }
}
