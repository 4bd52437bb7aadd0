package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtmrReplayTest {

    @Test
    void runtimeDigestsMatchTheSpecVectors() {
        assertEquals("f9974020ef507068183313d0ca808e0d1ca9b2d1ad0c61f5784e7157c362c06536f5ddacdad4451693f48fcc72fff624",
                Hex.encode(RtmrReplay.runtimeEventDigest("system-preparing", new byte[0])));
        assertEquals("98bd7e6bd3952720b65027fd494834045d06b4a714bf737a06b874638b3ea00ff402f7f583e3e3b05e921c8570433ac6",
                Hex.encode(RtmrReplay.runtimeEventDigest("boot-mr-done", new byte[0])));
        assertEquals("1a76b2a80a0be71eae59f80945d876351a7a3fb8e9fd1ff1cede5734aa84ea11fd72b4edfbb6f04e5a85edd114c751bd",
                Hex.encode(RtmrReplay.runtimeEventDigest("system-ready", new byte[0])));
    }

    static List<NearSamples.Cvm> realLogs() {
        return NearSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realLogs")
    void everyRealNearLogReplaysToItsQuote(NearSamples.Cvm cvm) {
        assertAllPass(RtmrReplay.check(cvm.log(), cvm.quote()));
        cvm.expected().ifPresent(expected -> assertMatchesExpected(cvm.log(), cvm.quote(), Optional.of(cvm.info()), expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realLogs")
    void everyComposeManagerLogReplaysToItsOwnQuote(NearSamples.Cvm cvm) {
        cvm.composeManager().ifPresent(cm -> assertAllPass(RtmrReplay.check(cm.eventLog(), Captures.td(cm.quote()))));
    }

    @Test
    void dstackSamplesReplay() {
        for (DstackSamples.Sample s : List.of(DstackSamples.simulator(),
                DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT),
                DstackSamples.verifierFixture(DstackSamples.TDX_LITE))) {
            assertAllPass(RtmrReplay.check(s.log(), s.quote()));
            assertMatchesExpected(s.log(), s.quote(), Optional.empty(), s.expected());
        }
        DstackSamples.Sample phala = DstackSamples.phala();
        assertAllPass(RtmrReplay.check(phala.log(), phala.quote()));
        assertMatchesExpected(phala.log(), phala.quote(), Optional.of(DstackSamples.phalaInfo()), phala.expected());
    }

    @Test
    void phalaReplayEqualsItsTcbInfoClaims() {
        DstackSamples.Sample s = DstackSamples.phala();
        TcbInfo tcb = DstackSamples.phalaInfo().tcbInfo().orElseThrow();
        List<String> replayed = RtmrReplay.replay(s.log()).rtmrs();
        for (int i = 0; i < 4; i++) {
            assertEquals(tcb.rtmr(i).orElseThrow(), replayed.get(i));
        }
    }

    /** Suggested mutation: flip one byte of an RTMR3 event payload. */
    @Test
    void aFlippedRuntimePayloadBreaksOnlyRtmr3() {
        NearSamples.Cvm cvm = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL);
        EventLog mutated = LogEdits.edit(cvm.log(), "compose-hash",
                e -> LogEdits.payload(e, LogEdits.flipFirstByte(e.payload())));
        List<Check> checks = RtmrReplay.check(mutated, cvm.quote());
        assertEquals(List.of(Outcome.PASS, Outcome.PASS, Outcome.PASS, Outcome.FAIL),
                checks.subList(0, 4).stream().map(Check::outcome).toList());
        assertEquals(ReplayFailure.RTMR_MISMATCH, checks.get(3).reason());
    }

    /** Suggested mutation: change a runtime event's digest only; replay recomputes it, but the lie is rejected. */
    @Test
    void aChangedRuntimeDigestIsRejectedEvenThoughReplayIgnoresIt() {
        NearSamples.Cvm cvm = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY);
        EventLog mutated = LogEdits.edit(cvm.log(), "app-id", e -> LogEdits.digest(e, LogEdits.flipFirstByte(e.digest())));
        List<Check> checks = RtmrReplay.check(mutated, cvm.quote());
        assertTrue(checks.get(3).ok(), "RTMR3 still replays with recomputed digests");
        Check digests = checks.get(4);
        assertEquals(RtmrReplay.RUNTIME_DIGESTS, digests.name());
        assertEquals(ReplayFailure.RUNTIME_DIGEST_MISMATCH, digests.reason());
    }

    /** Firmware events are extended with the supplied digest: changing one breaks its register. */
    @Test
    void aChangedFirmwareDigestBreaksItsRegister() {
        NearSamples.Cvm cvm = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT);
        int rtmr1 = cvm.log().entries().indexOf(cvm.log().forRegister(1).get(0));
        List<Check> checks = RtmrReplay.check(LogEdits.edit(cvm.log(), rtmr1, e -> LogEdits.digest(e,
                LogEdits.flipFirstByte(e.digest()))), cvm.quote());
        assertEquals(ReplayFailure.RTMR_MISMATCH, checks.get(1).reason());
        assertTrue(checks.get(0).ok() && checks.get(2).ok() && checks.get(3).ok());
    }

    /** Suggested mutation: swap the gateway's and the model's event logs. */
    @Test
    void swappedGatewayAndModelLogsReplayToNeitherQuote() {
        NearSamples.Cvm gateway = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY);
        NearSamples.Cvm model = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL);
        for (Check c : RtmrReplay.check(model.log(), gateway.quote()).subList(0, 4)) {
            assertEquals(ReplayFailure.RTMR_MISMATCH, c.reason());
        }
        for (Check c : RtmrReplay.check(gateway.log(), model.quote()).subList(0, 4)) {
            assertEquals(ReplayFailure.RTMR_MISMATCH, c.reason());
        }
    }

    private static void assertAllPass(List<Check> checks) {
        assertEquals(5, checks.size());
        for (Check c : checks) {
            assertEquals(Outcome.PASS, c.outcome(), c.toJson().toString());
        }
    }

    /**
     * The file's event_log entry against our replay: counts, replayed registers, whether each matches the quote
     * (our check's outcome), how many runtime events carry a supplied digest that differs from the recomputed one,
     * and, where the file says, whether tcb_info's copy of the log, as we parse it, is identical.
     */
    private static void assertMatchesExpected(EventLog log, TdMeasurements quote, Optional<DstackInfo> info,
                                              JsonObject expected) {
        JsonObject e = expected.getJsonObject("event_log");
        assertEquals(e.getInt("entries"), log.size());
        RtmrReplay.Replayed replayed = RtmrReplay.replay(log);
        List<Check> checks = RtmrReplay.check(log, quote);
        for (int i = 0; i < 4; i++) {
            assertEquals(e.getJsonArray("per_imr_count").getInt(i), log.forRegister(i).size());
            assertEquals(e.getJsonObject("replayed").getString("rtmr" + i), replayed.rtmrs().get(i));
            assertEquals(e.getJsonObject("replay_matches_quote").getBoolean("rtmr" + i), checks.get(i).ok(), "rtmr" + i);
        }
        assertEquals(e.getJsonArray("runtime_digest_field_mismatches").size(), replayed.digestMismatches().size());
        assertEquals(e.getJsonArray("runtime_digest_field_mismatches").isEmpty(), checks.get(4).ok());
        if (e.containsKey("tcb_info_event_log_identical")) {
            EventLog copy = EventLog.parse(info.orElseThrow().tcbInfo().orElseThrow().eventLog().orElseThrow(), "$");
            assertEquals(e.getBoolean("tcb_info_event_log_identical"), copy.equals(log));
        }
    }
}
