package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoEqualitiesTest {

    private static final NearSamples.Cvm GATEWAY = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY);

    @Test
    void everyRealNearInfoAgreesWithItsQuoteAndLog() {
        for (NearSamples.Cvm cvm : NearSamples.all()) {
            List<Check> checks = InfoEqualities.check(cvm.info(), cvm.log(), cvm.events(), cvm.quote());
            assertEquals(8, checks.size());
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), cvm + " " + check.toJson()));
            cvm.expected().ifPresent(e -> assertExpectedInfoChecks(e));
        }
    }

    /** Phala's info (tcb_info as an object, mr_aggregated inside it) against the quote of its RA-TLS certificate. */
    @Test
    void thePhalaInfoAgreesWithItsQuote() {
        DstackSamples.Sample s = DstackSamples.phala();
        List<Check> checks = InfoEqualities.check(DstackSamples.phalaInfo(), s.log(), RuntimeEvents.decode(s.log()), s.quote());
        checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), check.toJson().toString()));
        assertExpectedInfoChecks(s.expected());
    }

    @Test
    void derivedIdentifiersMatchTheExpectedResults() {
        for (NearSamples.Cvm cvm : List.of(GATEWAY, NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL),
                NearSamples.cvm(Captures.CLOUD_0424, NearSamples.MODEL))) {
            JsonObject derived = cvm.expected().orElseThrow().getJsonObject("derived");
            assertEquals(derived.getString("device_id_sha256_header_user_data"), DstackDerivations.deviceId(cvm.quote()));
            assertEquals(derived.getString("mr_aggregated"), DstackDerivations.mrAggregated(cvm.quote()));
            assertEquals(derived.getString("mr_system"), DstackDerivations.mrSystem(cvm.quote(), cvm.events()));
        }
        for (DstackSamples.Sample s : List.of(DstackSamples.simulator(),
                DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT),
                DstackSamples.verifierFixture(DstackSamples.TDX_LITE), DstackSamples.phala())) {
            JsonObject derived = s.expected().getJsonObject("derived");
            assertEquals(derived.getString("device_id_sha256_header_user_data"), DstackDerivations.deviceId(s.quote()));
            assertEquals(derived.getString("mr_aggregated"), DstackDerivations.mrAggregated(s.quote()), "zero-config form too");
            assertEquals(derived.getString("mr_system"), DstackDerivations.mrSystem(s.quote(), RuntimeEvents.decode(s.log())));
        }
        assertEquals("f6b41837ced300b671f534347a3d17bd4137b22d67ac545566d98208d7bc50be",
                GATEWAY.expected().orElseThrow().getJsonObject("derived").getString("mr_system"));
    }

    @Test
    void aClaimedAppIdThatDiffersIsReported() {
        Check c = find(Records.with(GATEWAY.info(), "appId", Optional.of("00".repeat(20))), InfoEqualities.APP_ID);
        assertEquals(InfoFailure.CLAIM_MISMATCH, c.reason());
        assertEquals(InfoFailure.CLAIM_MISSING,
                find(Records.with(GATEWAY.info(), "appId", Optional.empty()), InfoEqualities.APP_ID).reason());
    }

    @Test
    void aClaimedDeviceIdThatDiffersIsReported() {
        assertEquals(InfoFailure.CLAIM_MISMATCH, find(InfoEdits.deviceId(GATEWAY.info(), Optional.of("11".repeat(32))),
                InfoEqualities.DEVICE_ID).reason());
        assertEquals(InfoFailure.CLAIM_MISSING, find(InfoEdits.deviceId(GATEWAY.info(), Optional.empty()),
                InfoEqualities.DEVICE_ID).reason());
    }

    @Test
    void keyProviderAndOsImageAndAggregateClaimsAreCompared() {
        assertEquals(InfoFailure.CLAIM_MISMATCH,
                find(Records.with(GATEWAY.info(), "keyProviderInfo", Optional.of("{\"name\":\"none\",\"id\":\"\"}")),
                InfoEqualities.KEY_PROVIDER).reason());
        assertEquals(InfoFailure.CLAIM_MISMATCH, find(Records.with(GATEWAY.info(), "osImageHash", Optional.of("22".repeat(32))),
                InfoEqualities.OS_IMAGE_HASH).reason());
        assertEquals(InfoFailure.CLAIM_MISMATCH, find(Records.with(GATEWAY.info(), "mrAggregated", Optional.of("33".repeat(32))),
                InfoEqualities.MR_AGGREGATED).reason());
        assertEquals(InfoFailure.CLAIM_MISSING, find(Records.with(GATEWAY.info(), "mrAggregated", Optional.empty()),
                InfoEqualities.MR_AGGREGATED).reason(), "NEAR's tcb_info has no copy, so nothing is left to compare");
    }

    @Test
    void tcbInfoRegistersMustEqualTheQuote() {
        TdMeasurements other = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL).quote();
        Check c = InfoEqualities.check(GATEWAY.info(), GATEWAY.log(), GATEWAY.events(), other).stream()
                .filter(x -> x.name().equals(InfoEqualities.TCB_REGISTERS)).findFirst().orElseThrow();
        assertEquals(InfoFailure.CLAIM_MISMATCH, c.reason());
    }

    @Test
    void theEventLogCopyMustEqualTheLog() {
        EventLog other = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL).log();
        Check c = InfoEqualities.check(GATEWAY.info(), other, RuntimeEvents.decode(other), GATEWAY.quote()).stream()
                .filter(x -> x.name().equals(InfoEqualities.EVENT_LOG_COPY)).findFirst().orElseThrow();
        assertEquals(InfoFailure.EVENT_LOG_COPY_MISMATCH, c.reason());
    }

    /** A local key provider emits no os-image-hash: the claim is reported as not bound, not as bound. */
    @Test
    void withoutAnOsImageEventTheClaimIsReportedUnbound() {
        EventLog log = LogEdits.edit(GATEWAY.log(), "os-image-hash", e -> LogEdits.name(e, "mr-kms"));
        Check c = find(GATEWAY.info(), InfoEqualities.OS_IMAGE_HASH, RuntimeEvents.decode(log));
        assertEquals(Outcome.PASS, c.outcome());
        assertTrue(c.detail().contains("not bound"));
    }

    private static Check find(DstackInfo info, String name) {
        return find(info, name, GATEWAY.events());
    }

    private static Check find(DstackInfo info, String name, RuntimeEvents events) {
        return InfoEqualities.check(info, GATEWAY.log(), events, GATEWAY.quote()).stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertExpectedInfoChecks(JsonObject expected) {
        JsonObject info = expected.getJsonObject("info_checks");
        info.values().forEach(v -> assertEquals(jakarta.json.JsonValue.TRUE, v));
        assertTrue(info.size() >= 7);
    }
}
