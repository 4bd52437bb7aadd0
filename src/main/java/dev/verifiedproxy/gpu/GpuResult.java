package dev.verifiedproxy.gpu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of one GPU verification: every check that ran, in order, and whether all of them
 * passed. Checks that could not run because an earlier step failed are not listed; such a result
 * is never verified.
 *
 * @param mode     what was verified: evidence only, or evidence plus NRAS (live or stored)
 * @param verified true only if every stage of {@code mode} ran and every check passed
 * @param checks   the checks that ran, in order
 * @param devices  facts about each GPU whose evidence could be parsed, by index
 * @param nras     the NRAS answer and key set the verdict rests on (for evidence bundles); empty
 *                 when NRAS was not consulted or did not answer
 * @param architecture the architecture payload, evidence items and leaf certificates agree on; empty if
 *                 the payload could not be read or they disagree
 */
public record GpuResult(Mode mode, boolean verified, List<GpuCheck> checks, List<GpuDevice> devices,
                        Optional<NrasEvidence> nras, Optional<GpuArchitecture> architecture) {

    public enum Mode {
        /** Local evidence checks only; NRAS was not consulted. */
        EVIDENCE_ONLY,
        /** Local evidence checks, then a live NRAS exchange. */
        NRAS_LIVE,
        /** Local evidence checks, then a stored NRAS answer checked with a stored key set. */
        NRAS_OFFLINE
    }

    public GpuResult {
        Objects.requireNonNull(mode, "mode");
        checks = List.copyOf(checks);
        devices = List.copyOf(devices);
        Objects.requireNonNull(nras, "nras");
        Objects.requireNonNull(architecture, "architecture");
        if (verified && architecture.isEmpty()) {
            throw new IllegalArgumentException("a verified result has an established architecture");
        }
        if (verified && (checks.isEmpty() || checks.stream().anyMatch(c -> !c.ok()))) {
            throw new IllegalArgumentException("a verified result has only passed checks");
        }
    }

    /** How many GPUs' evidence the payload carries; empty if it could not be read. */
    public Optional<Integer> gpuCount() {
        return devices.isEmpty() ? Optional.empty() : Optional.of(devices.size());
    }

    /** The failure reasons, in check order. */
    public List<GpuFailure> failures() {
        return checks.stream().filter(c -> !c.ok()).map(GpuCheck::failure).toList();
    }

    /** The first failed check, if any. */
    public Optional<GpuCheck> firstFailure() {
        return checks.stream().filter(c -> !c.ok()).findFirst();
    }

    /** The outcome of one check, if it ran. */
    public Optional<GpuCheck> check(GpuCheckName name) {
        return checks.stream().filter(c -> c.name() == name).findFirst();
    }
}
