package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeEventsTest {

    private static final NearSamples.Cvm MODEL = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL);

    @Test
    void decodesTheModelBootSequenceAsExpected() {
        RuntimeEvents events = MODEL.events();
        assertEquals(Outcome.PASS, events.check().outcome());
        assertExpectedEvents(events, MODEL.expected().orElseThrow());
        assertEquals("2c0a0c96cb6dbd659bf1446e2f3fce58172ff91b", events.bootPayload(RuntimeEvents.APP_ID).orElseThrow());
        assertEquals(new KeyProvider("kms",
                "3059301306072a8648ce3d020106082a8648ce3d03010703420004228f800590a10442cba9d0e6adb2fa9f195eea9e75e23dd35990"
                        + "d52b59dda2415a63674c38adebde4ffd4d4b265bf818985933820c8053cee3ce29b5fb0fbcbc"),
                events.keyProvider().orElseThrow());
        assertEquals("zfs", events.boot().get(8).payloadText());
    }

    @Test
    void everyRealSampleIsWellFormed() {
        for (NearSamples.Cvm cvm : NearSamples.all()) {
            assertEquals(Outcome.PASS, cvm.events().check().outcome());
            cvm.expected().ifPresent(e -> assertExpectedEvents(cvm.events(), e));
        }
        for (DstackSamples.Sample s : List.of(DstackSamples.simulator(),
                DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT),
                DstackSamples.verifierFixture(DstackSamples.TDX_LITE), DstackSamples.phala())) {
            RuntimeEvents events = RuntimeEvents.decode(s.log());
            assertEquals(Outcome.PASS, events.check().outcome(), events.check().detail());
            assertExpectedEvents(events, s.expected());
        }
    }

    /** An application event after system-ready is replayed but never counts as boot identity. */
    @Test
    void applicationEventsAfterSystemReadyAreSeparated() {
        RuntimeEvents events = RuntimeEvents.decode(DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT).log());
        assertEquals(List.of("LIUM_MINER_HOTKEY"), events.afterSystemReady().stream().map(RuntimeEvent::name).toList());
        assertEquals("local-sgx", events.keyProvider().orElseThrow().name());
        assertTrue(events.check().detail().contains("after system-ready: LIUM_MINER_HOTKEY"));
    }

    /** Suggested mutation: move an identity event after system-ready. */
    @Test
    void anIdentityEventAfterSystemReadyIsRejected() {
        EventLog log = MODEL.log();
        int composeHash = LogEdits.indexOf(log, "compose-hash");
        EventLog moved = LogEdits.move(log, composeHash, log.size() - 1);
        RuntimeEvents events = RuntimeEvents.decode(moved);
        assertTrue(events.bootPayload(RuntimeEvents.COMPOSE_HASH).isEmpty(), "no longer boot identity");
        assertFailure(moved, RuntimeEventFailure.IDENTITY_EVENT_AFTER_SYSTEM_READY);
        assertFalse(RtmrReplay.check(moved, MODEL.quote()).get(3).ok(), "and the quote's RTMR3 no longer replays");
    }

    @Test
    void aDuplicateIdentityEventIsRejected() {
        EventLog log = MODEL.log();
        List<EventLogEntry> entries = new ArrayList<>(log.entries());
        int appId = LogEdits.indexOf(log, "app-id");
        entries.add(appId + 1, entries.get(appId));
        assertFailure(new EventLog(entries), RuntimeEventFailure.DUPLICATE_EVENT);
    }

    @Test
    void bootEventsOutOfOrderAreRejected() {
        EventLog log = MODEL.log();
        assertFailure(LogEdits.move(log, LogEdits.indexOf(log, "compose-hash"), LogEdits.indexOf(log, "app-id")),
                RuntimeEventFailure.OUT_OF_ORDER);
    }

    @Test
    void anUnknownEventBeforeSystemReadyIsRejected() {
        assertFailure(LogEdits.edit(MODEL.log(), "storage-fs", e -> LogEdits.name(e, "rootfs-hash")),
                RuntimeEventFailure.UNKNOWN_BOOT_EVENT);
    }

    @Test
    void wrongPayloadSizesAreRejected() {
        assertFailure(LogEdits.edit(MODEL.log(), "app-id", e -> LogEdits.payload(e, e.payload().substring(2))),
                RuntimeEventFailure.BAD_PAYLOAD_SIZE);
        assertFailure(LogEdits.edit(MODEL.log(), "boot-mr-done", e -> LogEdits.payload(e, "00")),
                RuntimeEventFailure.BAD_PAYLOAD_SIZE);
    }

    @Test
    void anUnreadableKeyProviderIsRejected() {
        String notAnObject = Hex.encode("[\"kms\"]".getBytes(StandardCharsets.UTF_8));
        assertFailure(LogEdits.edit(MODEL.log(), "key-provider", e -> LogEdits.payload(e, notAnObject)),
                RuntimeEventFailure.BAD_KEY_PROVIDER);
        String numericId = Hex.encode("{\"name\":\"kms\",\"id\":1}".getBytes(StandardCharsets.UTF_8));
        assertFailure(LogEdits.edit(MODEL.log(), "key-provider", e -> LogEdits.payload(e, numericId)),
                RuntimeEventFailure.BAD_KEY_PROVIDER);
    }

    @Test
    void aLogWithoutSystemReadyIsRejected() {
        assertFailure(LogEdits.edit(MODEL.log(), "system-ready", e -> LogEdits.name(e, "storage-fs")),
                RuntimeEventFailure.NO_SYSTEM_READY);
    }

    @Test
    void initScriptHashesMayRepeat() {
        List<EventLogEntry> entries = new ArrayList<>(MODEL.log().entries());
        int at = LogEdits.indexOf(MODEL.log(), "compose-hash") + 1;
        entries.add(at, LogEdits.runtime("init-script-hash", "11".repeat(32)));
        entries.add(at, LogEdits.runtime("init-script-hash", "22".repeat(32)));
        assertEquals(Outcome.PASS, RuntimeEvents.decode(new EventLog(entries)).check().outcome());
    }

    private static void assertFailure(EventLog log, RuntimeEventFailure reason) {
        Check check = RuntimeEvents.decode(log).check();
        assertEquals(RuntimeEvents.CHECK, check.name());
        assertEquals(reason, check.reason());
    }

    private static void assertExpectedEvents(RuntimeEvents events, JsonObject expected) {
        JsonArray list = expected.getJsonObject("event_log").getJsonArray("runtime_events");
        assertEquals(list.size(), events.events().size());
        for (int i = 0; i < list.size(); i++) {
            JsonObject e = list.getJsonObject(i);
            RuntimeEvent actual = events.events().get(i);
            assertEquals(e.getString("event"), actual.name());
            assertEquals(e.getString("payload_hex"), actual.payload());
            assertEquals(e.getBoolean("after_system_ready"), actual.afterSystemReady());
            if (e.containsKey("payload_utf8")) {
                assertEquals(e.getString("payload_utf8"), actual.payloadText());
            }
        }
    }
}
