package dev.verifiedproxy.policy;

import java.util.Objects;

/**
 * One profile with the file's defaults already merged in: everything a verification of a matching
 * component is judged by.
 *
 * @param name                     key in {@code profiles}
 * @param match                    which components it applies to
 * @param platform                 Intel side
 * @param eventLog                 replay and events
 * @param app                      what runs
 * @param boot                     accepted boot chains
 * @param composeManager           compose-manager rules (model role)
 * @param gpu                      GPU rules: whether GPU evidence must verify, allowed counts and architectures
 * @param requireTlsBinding        REPORT_DATA must bind the TLS fingerprint (TLS mode)
 * @param verifiedSpkiCacheSeconds how long a verified TLS key may be reused without re-attesting
 */
public record Profile(String name, ProfileMatch match, PlatformPolicy platform, EventLogPolicy eventLog, AppPolicy app,
                      BootPolicy boot, ComposeManagerPolicy composeManager, GpuPolicy gpu, boolean requireTlsBinding,
                      int verifiedSpkiCacheSeconds) {

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(eventLog, "eventLog");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(boot, "boot");
        Objects.requireNonNull(composeManager, "composeManager");
        Objects.requireNonNull(gpu, "gpu");
    }

    /** GPU evidence must be verified (NVIDIA); without it the GPU check fails. */
    public boolean gpuRequired() {
        return gpu.required();
    }
}
