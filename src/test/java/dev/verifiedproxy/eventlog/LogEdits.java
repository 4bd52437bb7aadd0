package dev.verifiedproxy.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** In-memory mutations of real event logs for negative tests (the sample files are never changed). */
final class LogEdits {

    private LogEdits() {
    }

    static int indexOf(EventLog log, String event) {
        List<EventLogEntry> entries = log.entries();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).event().equals(event)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no event " + event);
    }

    static EventLog edit(EventLog log, int index, UnaryOperator<EventLogEntry> change) {
        List<EventLogEntry> entries = new ArrayList<>(log.entries());
        entries.set(index, change.apply(entries.get(index)));
        return new EventLog(entries);
    }

    static EventLog edit(EventLog log, String event, UnaryOperator<EventLogEntry> change) {
        return edit(log, indexOf(log, event), change);
    }

    static EventLogEntry payload(EventLogEntry e, String payloadHex) {
        return new EventLogEntry(e.imr(), e.eventType(), e.digest(), e.event(), payloadHex);
    }

    static EventLogEntry digest(EventLogEntry e, String digestHex) {
        return new EventLogEntry(e.imr(), e.eventType(), digestHex, e.event(), e.payload());
    }

    static EventLogEntry name(EventLogEntry e, String name) {
        return new EventLogEntry(e.imr(), e.eventType(), e.digest(), name, e.payload());
    }

    /** Flips the lowest bit of the first byte of a hex string. */
    static String flipFirstByte(String hex) {
        int b = Integer.parseInt(hex.substring(0, 2), 16) ^ 1;
        return String.format("%02x", b) + hex.substring(2);
    }

    /** Moves the entry at {@code from} to position {@code to} (indices in the original list). */
    static EventLog move(EventLog log, int from, int to) {
        List<EventLogEntry> entries = new ArrayList<>(log.entries());
        EventLogEntry e = entries.remove(from);
        entries.add(to, e);
        return new EventLog(entries);
    }

    /** Appends a runtime event (digest recomputed, as dstack's guest agent would extend it). */
    static EventLog append(EventLog log, String name, String payloadHex) {
        List<EventLogEntry> entries = new ArrayList<>(log.entries());
        entries.add(runtime(name, payloadHex));
        return new EventLog(entries);
    }

    static EventLogEntry runtime(String name, String payloadHex) {
        String digest = Hex.encode(RtmrReplay.runtimeEventDigest(name, Hex.decode(payloadHex).orElseThrow()));
        return new EventLogEntry(3, EventLogEntry.DSTACK_RUNTIME_EVENT, digest, name, payloadHex);
    }
}
