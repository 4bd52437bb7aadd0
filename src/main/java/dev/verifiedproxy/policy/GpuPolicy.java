package dev.verifiedproxy.policy;

import dev.verifiedproxy.gpu.GpuArchitecture;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A profile's {@code gpu} section (model role).
 *
 * @param required      GPU evidence must verify completely; otherwise GPU findings are only warnings
 * @param counts        how many GPUs a model CVM may have; empty: not pinned (the verdict reports the observed count)
 * @param architectures which GPU architectures are allowed; empty: not pinned (the verdict reports the observed one)
 */
public record GpuPolicy(boolean required, Optional<Set<Integer>> counts, Optional<Set<GpuArchitecture>> architectures) {

    /** For the gateway, which has no GPU. */
    public static final GpuPolicy NOT_APPLICABLE = new GpuPolicy(false, Optional.empty(), Optional.empty());

    public GpuPolicy {
        counts = counts.map(Set::copyOf);
        architectures = architectures.map(Set::copyOf);
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(architectures, "architectures");
    }
}
