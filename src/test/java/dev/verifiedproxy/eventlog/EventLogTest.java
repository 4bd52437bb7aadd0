package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventLogTest {

    private static final String DIGEST = "ab".repeat(48);

    private static JsonObjectBuilder entry(int imr, long type, String digest, String event, String payload) {
        return Json.createObjectBuilder().add("imr", imr).add("event_type", type).add("digest", digest).add("event", event)
                .add("event_payload", payload);
    }

    private static EventLog parse(JsonObjectBuilder... entries) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (JsonObjectBuilder e : entries) {
            array.add(e);
        }
        return EventLog.parse(array.build(), "$.event_log");
    }

    private static MalformedEvidenceException rejected(JsonObjectBuilder entry) {
        return assertThrows(MalformedEvidenceException.class, () -> parse(entry));
    }

    @Test
    void readsTheStringFormAndTheArrayFormAlike() {
        JsonObject report = Captures.json(Captures.CLOUD_0629);
        JsonObject gateway = report.getJsonObject("gateway_attestation");
        JsonArray fromString = JsonInput.arrayOrEmbedded(gateway.get("event_log"), "$", EventLog.MAX_ENTRIES,
                EventLog.MAX_JSON_CHARS);
        JsonArray fromArray = gateway.getJsonObject("info").getJsonObject("tcb_info").getJsonArray("event_log");
        EventLog a = EventLog.parse(fromString, "$");
        assertEquals(a, EventLog.parse(fromArray, "$"));
        assertEquals(29, a.size());
        assertEquals(List.of(13, 5, 2, 9), List.of(0, 1, 2, 3).stream().map(i -> a.forRegister(i).size()).toList());
    }

    @Test
    void toleratesUnknownFieldsAndVersionOne() {
        EventLog log = parse(entry(0, 1, DIGEST, "", "").add("something_new", true).add("version", 1));
        assertEquals(1, log.size());
    }

    @Test
    void acceptsAStrippedRuntimeDigest() {
        EventLog log = parse(entry(3, EventLogEntry.DSTACK_RUNTIME_EVENT, "", "system-ready", ""));
        assertEquals("", log.entries().get(0).digest());
    }

    @Test
    void rejectsRegistersOutsideZeroToThree() {
        MalformedEvidenceException e = rejected(entry(4, 1, DIGEST, "", ""));
        assertEquals(FormatFailure.OUT_OF_RANGE, e.reason());
        assertEquals("$.event_log[0].imr", e.path());
    }

    @Test
    void rejectsDigestsThatAreNot48BytesOfHex() {
        assertEquals(FormatFailure.BAD_HEX, rejected(entry(0, 1, "ab".repeat(32), "", "")).reason());
        MalformedEvidenceException e = rejected(entry(0, 1, "zz".repeat(48), "", ""));
        assertEquals(FormatFailure.BAD_HEX, e.reason());
        assertEquals("$.event_log[0].digest", e.path());
        assertEquals(FormatFailure.BAD_HEX, rejected(entry(0, 1, "", "", "")).reason());
    }

    @Test
    void rejectsPayloadsThatAreNotHex() {
        MalformedEvidenceException e = rejected(entry(0, 1, DIGEST, "", "0g"));
        assertEquals(FormatFailure.BAD_HEX, e.reason());
        assertEquals("$.event_log[0].event_payload", e.path());
    }

    @Test
    void rejectsRuntimeEventsOutsideRtmr3() {
        assertEquals(FormatFailure.RUNTIME_EVENT_OUTSIDE_RTMR3,
                rejected(entry(2, EventLogEntry.DSTACK_RUNTIME_EVENT, DIGEST, "app-id", "")).reason());
    }

    @Test
    void rejectsEventLogV2UntilItIsImplemented() {
        MalformedEvidenceException e = rejected(entry(3, EventLogEntry.DSTACK_RUNTIME_EVENT, DIGEST, "app-id", "")
                .add("version", 2));
        assertEquals(FormatFailure.UNSUPPORTED_VERSION, e.reason());
        assertEquals("$.event_log[0].version", e.path());
    }

    @Test
    void rejectsEventTypesBeyondU32() {
        assertEquals(FormatFailure.OUT_OF_RANGE, rejected(entry(0, 0x1_0000_0000L, DIGEST, "", "")).reason());
    }

    @Test
    void rejectsWrongTypesAndMissingFields() {
        assertEquals(FormatFailure.WRONG_TYPE, rejected(Json.createObjectBuilder().add("imr", "0")
                .add("event_type", 1).add("digest", DIGEST)).reason());
        assertEquals(FormatFailure.MISSING_FIELD,
                rejected(Json.createObjectBuilder().add("event_type", 1).add("digest", DIGEST)).reason());
        assertEquals(FormatFailure.WRONG_TYPE, assertThrows(MalformedEvidenceException.class,
                () -> EventLog.parse(Json.createArrayBuilder().add(1).build(), "$")).reason());
    }

    @Test
    void capsTheNumberOfEntries() {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (int i = 0; i <= EventLog.MAX_ENTRIES; i++) {
            array.add(entry(0, 1, DIGEST, "", ""));
        }
        JsonArray tooMany = array.build();
        assertEquals(FormatFailure.TOO_MANY_ENTRIES, assertThrows(MalformedEvidenceException.class,
                () -> EventLog.parse(tooMany, "$")).reason());
    }

    @Test
    void capsTheStringForm() {
        String huge = "[" + " ".repeat(EventLog.MAX_JSON_CHARS) + "]";
        assertEquals(FormatFailure.STRING_TOO_LONG,
                assertThrows(MalformedEvidenceException.class, () -> JsonInput.arrayOrEmbedded(
                Json.createValue(huge), "$.event_log", EventLog.MAX_ENTRIES, EventLog.MAX_JSON_CHARS)).reason());
        assertEquals(FormatFailure.NOT_JSON, assertThrows(MalformedEvidenceException.class, () -> JsonInput.arrayOrEmbedded(
                Json.createValue("[{"), "$.event_log", EventLog.MAX_ENTRIES, EventLog.MAX_JSON_CHARS)).reason());
    }
}
