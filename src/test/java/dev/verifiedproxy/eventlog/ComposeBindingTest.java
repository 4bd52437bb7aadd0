package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComposeBindingTest {

    @Test
    void everyRealNearAttestationBindsItsCompose() {
        for (NearSamples.Cvm cvm : NearSamples.all()) {
            List<Check> checks = ComposeBinding.check(cvm.info(), cvm.events(), cvm.quote());
            assertEquals(List.of(ComposeBinding.EVENT, ComposeBinding.CLAIMS, ComposeBinding.MR_CONFIG_ID),
                    checks.stream().map(Check::name).toList());
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), cvm + " " + check.toJson()));
            cvm.expected().ifPresent(e -> assertExpected(e.getJsonObject("compose"), cvm.info(), cvm.events(), cvm.quote()));
        }
    }

    /** Phala's info (not NEAR) binds its compose too, and matches the file's compose entry. */
    @Test
    void thePhalaInfoBindsItsCompose() {
        DstackSamples.Sample s = DstackSamples.phala();
        RuntimeEvents events = RuntimeEvents.decode(s.log());
        ComposeBinding.check(DstackSamples.phalaInfo(), events, s.quote())
                .forEach(check -> assertEquals(Outcome.PASS, check.outcome(), check.toJson().toString()));
        assertExpected(s.expected().getJsonObject("compose"), DstackSamples.phalaInfo(), events, s.quote());
    }

    /**
     * expected-results.json's compose entry against what we compute: the hash of the exact app_compose text and its
     * three equalities (our checks and claims), the MR_CONFIG_ID our binding expects and its outcome, the manifest's
     * keys as our JSON reader reads them, and its digest-pinned images as {@link AppCompose} reads them (the file
     * lists them as written, {@code ${VAR:-default}} included; a default the host cannot override is what runs).
     */
    private static void assertExpected(JsonObject compose, DstackInfo info, RuntimeEvents events, TdMeasurements quote) {
        String text = info.appCompose().orElseThrow();
        String hash = ComposeBinding.composeHash(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(compose.getString("sha256_app_compose"), hash);
        assertEquals(compose.getBoolean("equals_compose_hash_event"), ComposeBinding.event(hash, events).ok());
        assertEquals(compose.getBoolean("equals_tcb_info_compose_hash"),
                info.tcbInfo().flatMap(TcbInfo::composeHash).equals(Optional.of(hash)));
        assertEquals(compose.getBoolean("equals_info_compose_hash"), info.composeHash().equals(Optional.of(hash)));
        assertEquals(compose.getString("mr_config_id_expected"), "01" + hash + "00".repeat(15));
        assertEquals(compose.getString("mr_config_id_expected"), quote.mrConfigId());
        assertEquals(compose.getBoolean("mr_config_id_matches"), ComposeBinding.mrConfigId(hash, quote).ok());
        JsonObject manifest = JsonInput.object(JsonInput.parseEmbedded(text, "$"), "$");
        assertEquals(sorted(compose.getJsonArray("app_compose_keys").getValuesAs(JsonString::getString)),
                sorted(manifest.keySet()));
        List<String> listed = compose.getJsonArray("pinned_images").getValuesAs(JsonString::getString).stream()
                .map(i -> i.replaceFirst("^\\$\\{[A-Za-z_][A-Za-z0-9_]*:-", "")).toList();
        AppCompose parsed = AppCompose.parse(text);
        assertEquals(sorted(listed), sorted(parsed.images().stream().filter(ImageReference::pinned)
                .map(ImageReference::reference).toList()));
    }

    private static List<String> sorted(java.util.Collection<String> values) {
        return values.stream().distinct().sorted().toList();
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
        RuntimeEvents events = RuntimeEvents.decode(s.log());
        assertEquals(expected.getString("compose_hash_event"), events.bootPayload(RuntimeEvents.COMPOSE_HASH).orElseThrow());
        Check binding = ComposeBinding.event(hash, events);
        assertEquals(expected.getBoolean("matches"), binding.ok());
        assertEquals(ComposeFailure.COMPOSE_EVENT_MISMATCH, binding.reason());
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
