package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ComposeBindingTest {

    @Test
    void everyRealNearAttestationBindsItsCompose() {
        for (NearSamples.Cvm cvm : NearSamples.all()) {
            List<Check> checks = ComposeBinding.check(cvm.info(), cvm.events(), cvm.quote());
            assertEquals(List.of(ComposeBinding.EVENT, ComposeBinding.CLAIMS, ComposeBinding.MR_CONFIG_ID),
                    checks.stream().map(Check::name).toList());
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), cvm + " " + check.toJson()));
            cvm.expected().ifPresent(e -> {
                JsonObject compose = e.getJsonObject("compose");
                String hash = ComposeBinding.composeHash(cvm.info().appCompose().orElseThrow().getBytes(StandardCharsets.UTF_8));
                assertEquals(compose.getString("sha256_app_compose"), hash);
                assertEquals(compose.getString("mr_config_id_expected"), cvm.quote().mrConfigId());
            });
        }
    }

    @Test
    void expectedComposeHashesOfTheCaptures() {
        assertEquals("52a82a58fd5d1eac580adb564ab08ca1813094b9e4e8f5b43aca2e3914512c53",
                hashOf(Captures.CLOUD_0629, NearSamples.GATEWAY));
        assertEquals("66007399f064f058af68771c552bcae150c9f88622305631b5141da1aa2f7b7e",
                hashOf(Captures.CLOUD_0629, NearSamples.MODEL));
        assertEquals("66007399f064f058af68771c552bcae150c9f88622305631b5141da1aa2f7b7e",
                hashOf(Captures.DIRECT_0629, NearSamples.DIRECT));
        assertEquals("3a5b9747bc6731c5de6c6d6740c3c37cc4522a935b1655e2b757d81089df31f0",
                hashOf(Captures.CLOUD_0424, NearSamples.GATEWAY));
        assertEquals("242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b",
                hashOf(Captures.CLOUD_0424, NearSamples.MODEL));
    }

    /** Suggested mutation: whitespace added to app_compose changes its hash, so every binding fails. */
    @Test
    void extraWhitespaceInAppComposeBreaksTheBinding() {
        NearSamples.Cvm cvm = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY);
        DstackInfo edited = InfoEdits.appCompose(cvm.info(), cvm.info().appCompose().orElseThrow() + " ");
        List<Check> checks = ComposeBinding.check(edited, cvm.events(), cvm.quote());
        assertEquals(ComposeFailure.COMPOSE_EVENT_MISMATCH, checks.get(0).reason());
        assertEquals(ComposeFailure.CLAIM_MISMATCH, checks.get(1).reason());
        assertEquals(ComposeFailure.MR_CONFIG_ID_MISMATCH, checks.get(2).reason());
    }

    /** The dstack simulator's app-compose.json file is not the byte string that was measured. */
    @Test
    void theSimulatorPairFailsComposeBinding() {
        DstackSamples.Sample s = DstackSamples.simulator();
        byte[] file = Samples.bytes("dstack/dstack-simulator/app-compose.json");
        String hash = ComposeBinding.composeHash(file);
        JsonObject expected = s.expected().getJsonObject("compose_file_check");
        assertEquals(expected.getString("sha256_of_app-compose.json_file_bytes"), hash);
        assertFalse(expected.getBoolean("matches"));
        RuntimeEvents events = RuntimeEvents.decode(s.log());
        assertEquals(expected.getString("compose_hash_event"), events.bootPayload(RuntimeEvents.COMPOSE_HASH).orElseThrow());
        assertEquals(ComposeFailure.COMPOSE_EVENT_MISMATCH, ComposeBinding.event(hash, events).reason());
        assertEquals(ComposeFailure.MR_CONFIG_ID_ZERO, ComposeBinding.mrConfigId(hash, s.quote()).reason());
    }

    /** Without app_compose, MR_CONFIG_ID can still be compared with the replayed compose-hash event. */
    @Test
    void theLiteFixtureBindsItsComposeHashEventToMrConfigId() {
        DstackSamples.Sample s = DstackSamples.verifierFixture(DstackSamples.TDX_LITE);
        String event = RuntimeEvents.decode(s.log()).bootPayload(RuntimeEvents.COMPOSE_HASH).orElseThrow();
        assertEquals(Outcome.PASS, ComposeBinding.mrConfigId(event, s.quote()).outcome());
        DstackSamples.Sample zero = DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT);
        assertEquals(ComposeFailure.MR_CONFIG_ID_ZERO, ComposeBinding.mrConfigId(event, zero.quote()).reason());
    }

    @Test
    void otherMrConfigIdLayoutsAreUnsupported() {
        NearSamples.Cvm cvm = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT);
        String hash = cvm.events().bootPayload(RuntimeEvents.COMPOSE_HASH).orElseThrow();
        TdMeasurements v2 = Records.with(cvm.quote(), "mrConfigId", "02" + cvm.quote().mrConfigId().substring(2));
        assertEquals(ComposeFailure.MR_CONFIG_ID_UNSUPPORTED_VERSION, ComposeBinding.mrConfigId(hash, v2).reason());
        TdMeasurements trailing = Records.with(cvm.quote(), "mrConfigId", cvm.quote().mrConfigId().substring(0, 94) + "01");
        assertEquals(ComposeFailure.MR_CONFIG_ID_MISMATCH, ComposeBinding.mrConfigId(hash, trailing).reason(),
                "all 48 bytes are compared, not a prefix");
    }

    @Test
    void missingPiecesFailClosed() {
        NearSamples.Cvm cvm = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT);
        for (Check c : ComposeBinding.check(InfoEdits.appCompose(cvm.info(), null), cvm.events(), cvm.quote())) {
            assertEquals(ComposeFailure.APP_COMPOSE_MISSING, c.reason());
        }
        assertEquals(ComposeFailure.CLAIM_MISSING, ComposeBinding.check(Records.with(cvm.info(), "composeHash", Optional.empty()),
                cvm.events(), cvm.quote()).get(1).reason());
        EventLog noCompose = LogEdits.edit(cvm.log(), "compose-hash", e -> LogEdits.name(e, "init-script-hash"));
        assertEquals(ComposeFailure.COMPOSE_EVENT_MISSING, ComposeBinding.check(cvm.info(), RuntimeEvents.decode(noCompose),
                cvm.quote()).get(0).reason());
    }

    private static String hashOf(String report, String part) {
        return ComposeBinding.composeHash(NearSamples.cvm(report, part).info().appCompose().orElseThrow()
                .getBytes(StandardCharsets.UTF_8));
    }
}
