package dev.verifiedproxy.gpu;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What GPU verification holds the evidence to beyond NVIDIA's own rules. How many GPUs and which
 * architectures are acceptable is not here: the verifier reports both as facts ({@link GpuResult#gpuCount()},
 * {@link GpuResult#architecture()}) and the attestation policy decides.
 *
 * @param vmGpuCount              the number of GPUs the VM's {@code vm_config} says it was given, if it says;
 *                                host-supplied, so used only as a consistency check, 1..{@value NvidiaPayload#MAX_GPUS}
 * @param driverVersions          allowed driver versions as the evidence states them (e.g. {@code 570.172.08});
 *                                empty: any
 * @param vbiosVersions           allowed VBIOS versions (e.g. {@code 96.00.CF.00.02}, compared ignoring case);
 *                                empty: any
 * @param allowAttestationWarning whether a non-null {@code x-nvidia-attestation-warning} is acceptable
 */
public record GpuExpectations(Optional<Integer> vmGpuCount, Set<String> driverVersions, Set<String> vbiosVersions,
                              boolean allowAttestationWarning) {

    public GpuExpectations {
        Objects.requireNonNull(vmGpuCount, "vmGpuCount");
        if (vmGpuCount.isPresent() && (vmGpuCount.get() < 1 || vmGpuCount.get() > NvidiaPayload.MAX_GPUS)) {
            throw new IllegalArgumentException("vmGpuCount must be between 1 and " + NvidiaPayload.MAX_GPUS);
        }
        driverVersions = Set.copyOf(driverVersions);
        vbiosVersions = Set.copyOf(vbiosVersions);
    }

    /** No VM count to compare with, any driver and VBIOS, no warnings tolerated. */
    public static GpuExpectations none() {
        return new GpuExpectations(Optional.empty(), Set.of(), Set.of(), false);
    }

    public GpuExpectations withVmGpuCount(int count) {
        return new GpuExpectations(Optional.of(count), driverVersions, vbiosVersions, allowAttestationWarning);
    }

    public GpuExpectations withDriverVersions(Set<String> versions) {
        return new GpuExpectations(vmGpuCount, versions, vbiosVersions, allowAttestationWarning);
    }

    public GpuExpectations withVbiosVersions(Set<String> versions) {
        return new GpuExpectations(vmGpuCount, driverVersions, versions, allowAttestationWarning);
    }

    public GpuExpectations withAttestationWarningAllowed(boolean allowed) {
        return new GpuExpectations(vmGpuCount, driverVersions, vbiosVersions, allowed);
    }

    boolean allowsDriver(String version) {
        return driverVersions.isEmpty() || driverVersions.contains(version);
    }

    boolean allowsVbios(String version) {
        return vbiosVersions.isEmpty() || vbiosVersions.stream().anyMatch(v -> v.equalsIgnoreCase(version));
    }
}
