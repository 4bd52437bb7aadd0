package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.RuntimeEvent;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Optional;

/** {@code eventLog.required} and {@code eventLog.afterSystemReady}. */
final class EventRules {

    static final String REQUIRED_EVENTS = "required_events";
    static final String POST_BOOT_EVENTS = "post_boot_events";

    private EventRules() {
    }

    static Check required(EventLogPolicy policy, Optional<RuntimeEvents> events) {
        if (events.isEmpty()) {
            return Check.fail(REQUIRED_EVENTS, PolicyFailure.EVENTS_UNAVAILABLE, "required " + policy.required());
        }
        List<String> present = events.get().bootNames();
        List<String> missing = policy.required().stream().filter(r -> !present.contains(r)).toList();
        return missing.isEmpty() ? Check.pass(REQUIRED_EVENTS, "present: " + policy.required())
                : Check.fail(REQUIRED_EVENTS, PolicyFailure.REQUIRED_EVENT_MISSING, "missing " + missing
                        + "; boot events " + present);
    }

    static Check afterSystemReady(EventLogPolicy policy, Optional<RuntimeEvents> events) {
        if (events.isEmpty()) {
            return Check.fail(POST_BOOT_EVENTS, PolicyFailure.EVENTS_UNAVAILABLE, "events after system-ready unknown");
        }
        List<String> after = events.get().afterSystemReady().stream().map(RuntimeEvent::name).toList();
        List<String> denied = after.stream().filter(n -> !policy.allowedAfterSystemReady().contains(n)).toList();
        return denied.isEmpty() ? Check.pass(POST_BOOT_EVENTS, after.isEmpty() ? "none" : "allowed: " + after)
                : Check.fail(POST_BOOT_EVENTS, PolicyFailure.POST_BOOT_EVENT_NOT_ALLOWED, "not allowed: " + denied);
    }
}
