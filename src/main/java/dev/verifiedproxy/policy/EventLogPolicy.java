package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Set;

/**
 * {@code eventLog}: which registers must replay, which boot events must be present, which events
 * applications may add after system-ready.
 *
 * @param replay                  register indexes that must replay to the quote; always contains 3
 * @param required                boot events that must be present before system-ready
 * @param allowedAfterSystemReady event names allowed after system-ready (empty: none)
 */
public record EventLogPolicy(Set<Integer> replay, List<String> required, Set<String> allowedAfterSystemReady) {

    public EventLogPolicy {
        replay = Set.copyOf(replay);
        required = List.copyOf(required);
        allowedAfterSystemReady = Set.copyOf(allowedAfterSystemReady);
        if (!replay.contains(3)) {
            throw new IllegalArgumentException("RTMR3 must always replay");
        }
    }
}
