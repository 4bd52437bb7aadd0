package dev.verifiedproxy.gpu;

import java.util.Optional;

/**
 * NVIDIA GPU architectures with confidential computing, as {@code nvidia_payload} names them
 * ({@code arch}), with the prefix of the chip name in certificates and NRAS's {@code hwmodel}.
 */
public enum GpuArchitecture {

    /** H100 and H200: chip GH100 (certificates "GH100 A01 ...", hwmodel "GH100" or "GH100 A01 GSP BROM"). */
    HOPPER("GH100"),
    /** B100/B200 and RTX PRO 6000 Blackwell: chips GB1xx. */
    BLACKWELL("GB1");

    private final String chipPrefix;

    GpuArchitecture(String chipPrefix) {
        this.chipPrefix = chipPrefix;
    }

    /** How certificates' common names and NRAS's {@code hwmodel} start for this architecture. */
    public String chipPrefix() {
        return chipPrefix;
    }

    /** The constant whose name equals {@code arch} exactly (the payload spells them in upper case). */
    public static Optional<GpuArchitecture> ofPayloadName(String arch) {
        for (GpuArchitecture a : values()) {
            if (a.name().equals(arch)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
