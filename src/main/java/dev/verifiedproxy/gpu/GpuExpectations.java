package dev.verifiedproxy.gpu;

import java.util.Objects;
import java.util.Set;

/**
 * What the attestation policy expects of a model backend's GPUs. The verifier reports facts
 * against these; it hard-codes none of them.
 *
 * @param gpuCount                exact number of GPUs (evidence items) expected, 1..{@value NvidiaPayload#MAX_GPUS}
 * @param architecture            the expected architecture
 * @param driverVersions          allowed driver versions as the evidence states them (e.g. {@code 570.172.08});
 *                                empty: any
 * @param vbiosVersions           allowed VBIOS versions (e.g. {@code 96.00.CF.00.02}, compared ignoring case);
 *                                empty: any
 * @param allowAttestationWarning whether a non-null {@code x-nvidia-attestation-warning} is acceptable
 */
public record GpuExpectations(int gpuCount, GpuArchitecture architecture, Set<String> driverVersions,
                              Set<String> vbiosVersions, boolean allowAttestationWarning) {

    public GpuExpectations {
        if (gpuCount < 1 || gpuCount > NvidiaPayload.MAX_GPUS) {
            throw new IllegalArgumentException("gpuCount must be between 1 and " + NvidiaPayload.MAX_GPUS);
        }
        Objects.requireNonNull(architecture, "architecture");
        driverVersions = Set.copyOf(driverVersions);
        vbiosVersions = Set.copyOf(vbiosVersions);
    }

    /** {@code gpuCount} GPUs of {@code architecture}, any driver and VBIOS, no warnings tolerated. */
    public static GpuExpectations of(int gpuCount, GpuArchitecture architecture) {
        return new GpuExpectations(gpuCount, architecture, Set.of(), Set.of(), false);
    }

    public GpuExpectations withDriverVersions(Set<String> versions) {
        return new GpuExpectations(gpuCount, architecture, versions, vbiosVersions, allowAttestationWarning);
    }

    public GpuExpectations withVbiosVersions(Set<String> versions) {
        return new GpuExpectations(gpuCount, architecture, driverVersions, versions, allowAttestationWarning);
    }

    public GpuExpectations withAttestationWarningAllowed(boolean allowed) {
        return new GpuExpectations(gpuCount, architecture, driverVersions, vbiosVersions, allowed);
    }

    boolean allowsDriver(String version) {
        return driverVersions.isEmpty() || driverVersions.contains(version);
    }

    boolean allowsVbios(String version) {
        return vbiosVersions.isEmpty() || vbiosVersions.stream().anyMatch(v -> v.equalsIgnoreCase(version));
    }
}
