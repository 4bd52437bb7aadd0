package dev.verifiedproxy.eventlog;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A dstack event log in time order (registers interleaved, never re-sorted). Parsing is strict
 * and bounded: imr 0..3, 48-byte digests, runtime events only in RTMR3, only entry version 1
 * (v2 fails closed until implemented), capped entry count and sizes.
 *
 * @param entries in the order they were extended
 */
public record EventLog(List<EventLogEntry> entries) {

    /** Far above real logs (NEAR: 29-30 entries; dstack fixtures: 27-29). */
    public static final int MAX_ENTRIES = 1024;
    /** Longest JSON text accepted when the log arrives as a string (gateway form). */
    public static final int MAX_JSON_CHARS = 4 * 1024 * 1024;
    /** Largest payload of one entry in bytes (real maximum: the 204-byte key-provider JSON). */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int MAX_EVENT_NAME_CHARS = 256;

    public EventLog {
        entries = List.copyOf(entries);
    }

    /**
     * Parses the JSON array form.
     *
     * @param path JSON path of the array, for error messages
     * @throws MalformedEvidenceException naming the reason and the path of the first bad value
     */
    public static EventLog parse(JsonArray array, String path) {
        if (array.size() > MAX_ENTRIES) {
            throw new MalformedEvidenceException(FormatFailure.TOO_MANY_ENTRIES, path,
                    array.size() + " entries, limit " + MAX_ENTRIES);
        }
        List<EventLogEntry> entries = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            entries.add(entry(JsonInput.object(array.get(i), path + "[" + i + "]"), path + "[" + i + "]"));
        }
        return new EventLog(entries);
    }

    private static EventLogEntry entry(JsonObject json, String path) {
        if (JsonInput.field(json, "version").isPresent()
                && JsonInput.integer(json, "version", path, 0, Integer.MAX_VALUE) != 1) {
            throw new MalformedEvidenceException(FormatFailure.UNSUPPORTED_VERSION, path + ".version",
                    "only version 1 runtime-event digests are implemented");
        }
        int imr = (int) JsonInput.integer(json, "imr", path, 0, 3);
        long type = JsonInput.integer(json, "event_type", path, 0, 0xFFFF_FFFFL);
        String event = JsonInput.optionalString(json, "event", path, MAX_EVENT_NAME_CHARS).orElse("");
        String payload = JsonInput.anyHex(JsonInput.optionalString(json, "event_payload", path,
                MAX_PAYLOAD_BYTES * 2).orElse(""), path + ".event_payload", MAX_PAYLOAD_BYTES);
        boolean runtime = type == EventLogEntry.DSTACK_RUNTIME_EVENT;
        if (runtime && imr != 3) {
            throw new MalformedEvidenceException(FormatFailure.RUNTIME_EVENT_OUTSIDE_RTMR3, path + ".imr",
                    "runtime event '" + event + "' in RTMR" + imr);
        }
        String suppliedDigest = JsonInput.optionalString(json, "digest", path, 2 * TdMeasurements.REGISTER_BYTES + 2)
                .orElse("");
        String digest = runtime && suppliedDigest.isEmpty() ? ""
                : JsonInput.hexText(suppliedDigest, path + ".digest", TdMeasurements.REGISTER_BYTES);
        return new EventLogEntry(imr, type, digest, event, payload);
    }

    /** Entries extended into register {@code imr}, in order. */
    public List<EventLogEntry> forRegister(int imr) {
        return entries.stream().filter(e -> e.imr() == imr).toList();
    }

    public int size() {
        return entries.size();
    }
}
