package dev.verifiedproxy.eventlog;

import java.util.Objects;

/**
 * One entry of a dstack event log (measurements.md §1.2), hex fields in lowercase.
 *
 * @param imr       zero-based RTMR index, 0..3
 * @param eventType TCG event type; {@link #DSTACK_RUNTIME_EVENT} for dstack's own events
 * @param digest    the 48-byte value extended, as supplied; may be empty only for runtime events
 *                  (newer dstack strips them, and the verifier recomputes them anyway)
 * @param event     the runtime event's name; empty for firmware events
 * @param payload   the raw payload (runtime events) or TCG event data (firmware events)
 */
public record EventLogEntry(int imr, long eventType, String digest, String event, String payload) {

    /** dstack's event type for every runtime event (dstack {@code DSTACK_RUNTIME_EVENT_TYPE}). */
    public static final long DSTACK_RUNTIME_EVENT = 0x08000001L;

    public EventLogEntry {
        if (imr < 0 || imr > 3) {
            throw new IllegalArgumentException("imr must be 0..3");
        }
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }

    public boolean isRuntimeEvent() {
        return eventType == DSTACK_RUNTIME_EVENT;
    }
}
