package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Optional;

/** {@code boot}: the boot chain must match one allowed tuple as a whole (measurements.md §3.5). */
final class BootRules {

    static final String BOOT_MEASUREMENTS = "boot_measurements";

    private BootRules() {
    }

    static Check check(BootPolicy boot, TdMeasurements td, Optional<RuntimeEvents> events) {
        Optional<String> osImage = events.flatMap(e -> e.bootPayload(RuntimeEvents.OS_IMAGE_HASH));
        String observed = "mrtd " + td.mrTd() + ", rtmr0 " + td.rtmr0() + ", rtmr1 " + td.rtmr1() + ", rtmr2 " + td.rtmr2()
                + ", os-image-hash " + osImage.orElse("(no event)");
        if (boot.allow().isEmpty()) {
            return Check.notPinned(BOOT_MEASUREMENTS, "observed " + observed);
        }
        if (events.isEmpty()) {
            return PolicyEvaluator.apply(boot.mode(), Check.fail(BOOT_MEASUREMENTS, PolicyFailure.EVENTS_UNAVAILABLE,
                    "the OS image cannot be compared; observed " + observed));
        }
        List<BootTuple> tuples = boot.allow().get();
        for (BootTuple t : tuples) {
            // No os-image-hash event (e.g. a local key provider): that comparison is skipped, as §3.5 says.
            boolean image = osImage.map(o -> Hex.sameBytes(t.osImageHash(), o)).orElse(true);
            if (Hex.sameBytes(t.mrtd(), td.mrTd()) && Digests.contains(t.rtmr0(), td.rtmr0())
                    && Hex.sameBytes(t.rtmr1(), td.rtmr1())
                    && Hex.sameBytes(t.rtmr2(), td.rtmr2()) && image) {
                return Check.pass(BOOT_MEASUREMENTS, "matches " + t.label().orElse("an allowed tuple")
                        + t.source().map(s -> " (" + s + ")").orElse("") + ": " + observed);
            }
        }
        return PolicyEvaluator.apply(boot.mode(),
                Check.fail(BOOT_MEASUREMENTS, PolicyFailure.BOOT_NOT_ALLOWED, "observed " + observed
                + "; " + tuples.size() + " tuple(s) allowed"));
    }
}
