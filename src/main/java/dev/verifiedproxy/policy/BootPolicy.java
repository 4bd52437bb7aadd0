package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code boot}: accepted boot chains. A profile must list them unless it says {@code "mode": "warn"}
 * (bootstrap: observed values are reported, and printed in observe mode, but not enforced).
 *
 * @param mode  enforce or warn
 * @param allow accepted tuples; empty only in warn mode (= not pinned)
 */
public record BootPolicy(PolicyMode mode, Optional<List<BootTuple>> allow) {

    public BootPolicy {
        Objects.requireNonNull(mode, "mode");
        allow = allow.map(List::copyOf);
    }
}
