package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted boot chain, pinned as a tuple so that a kernel from one image cannot be combined
 * with a command line from another (measurements.md §3.5).
 *
 * @param label       for humans
 * @param source      what the pin is worth: observed, reproduced, vendor
 * @param osImageHash must equal the os-image-hash boot event when the log has one
 * @param mrtd        virtual firmware
 * @param rtmr0       accepted machine shapes (virtual hardware differs per VM size)
 * @param rtmr1       kernel
 * @param rtmr2       command line and initrd
 */
public record BootTuple(Optional<String> label, Optional<String> source, String osImageHash, String mrtd, List<String> rtmr0,
                        String rtmr1, String rtmr2) {

    public BootTuple {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(osImageHash, "osImageHash");
        Objects.requireNonNull(mrtd, "mrtd");
        rtmr0 = List.copyOf(rtmr0);
        Objects.requireNonNull(rtmr1, "rtmr1");
        Objects.requireNonNull(rtmr2, "rtmr2");
    }
}
