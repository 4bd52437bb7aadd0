package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.BindingFailure;
import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.dcap.DcapFailure;
import dev.verifiedproxy.eventlog.ComposeFailure;
import dev.verifiedproxy.eventlog.FormatFailure;
import dev.verifiedproxy.eventlog.ReplayFailure;
import dev.verifiedproxy.eventlog.RuntimeEventFailure;
import dev.verifiedproxy.policy.PolicyFailure;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.testing.CaptureEvidence;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.verifiedproxy.attestation.verifier.RealCaptureVerdictsTest.assertFails;
import static dev.verifiedproxy.attestation.verifier.RealCaptureVerdictsTest.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each negative test samples/dstack/README.txt suggests, applied to the JSON of the real 2026-06-29 gateway
 * report (in memory) and run through the whole verdict offline, under the default policy: each fails its own
 * check with its own reason. (The Rekor mutations belong to Sigstore verification, which is not implemented.)
 */
class VerdictMutationsTest {

    private static EvidenceBundle bundle;

    @BeforeAll
    static void capture() {
        bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0629);
    }

    private static Verdict verify(EvidenceBundle b) {
        return RealCaptureVerdictsTest.verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(b).verdict();
    }

    private static Verdict withGateway(UnaryOperator<JsonObject> change) {
        JsonObject report = bundle.report();
        JsonObject changed = Json.createObjectBuilder(report)
                .add("gateway_attestation", change.apply(report.getJsonObject("gateway_attestation"))).build();
        return verify(new EvidenceBundle(changed, bundle.nonce(), bundle.at(), bundle.tlsSpkiSha256(), bundle.collateral(),
                bundle.nras(), bundle.host()));
    }

    /** The gateway's event log (a JSON string in the gateway shape), changed. */
    private static UnaryOperator<JsonObject> gatewayLog(UnaryOperator<List<JsonObject>> change) {
        return gateway -> {
            JsonArray log = Json.createReader(new StringReader(gateway.getString("event_log"))).readArray();
            List<JsonObject> entries = new ArrayList<>(log.getValuesAs(JsonObject.class));
            JsonArrayBuilder out = Json.createArrayBuilder();
            change.apply(entries).forEach(out::add);
            return Json.createObjectBuilder(gateway).add("event_log", out.build().toString()).build();
        };
    }

    private static int indexOf(List<JsonObject> entries, String event) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getString("event").equals(event)) {
                return i;
            }
        }
        throw new IllegalArgumentException(event);
    }

    private static List<JsonObject> editEntry(List<JsonObject> entries, String event, String field) {
        int i = indexOf(entries, event);
        String value = entries.get(i).getString(field);
        entries.set(i, Json.createObjectBuilder(entries.get(i)).add(field, flip(value)).build());
        return entries;
    }

    private static String flip(String hex) {
        return String.format("%02x", Integer.parseInt(hex.substring(0, 2), 16) ^ 1) + hex.substring(2);
    }

    @Test
    void unmutatedTheGatewayVerifies() {
        assertTrue(verify(bundle).verified());
    }

    @Test
    void flippingAByteOfAnRtmr3PayloadFailsTheRtmr3Replay() {
        Verdict verdict = withGateway(gatewayLog(entries -> editEntry(entries, "instance-id", "event_payload")));
        assertFails(ReplayFailure.RTMR_MISMATCH, check(verdict, Role.GATEWAY, "rtmr3_replay"));
        assertEquals(Outcome.PASS, check(verdict, Role.GATEWAY, "rtmr0_replay").outcome());
    }

    @Test
    void changingOnlyARuntimeEventsDigestFailsTheDigestCheck() {
        Verdict verdict = withGateway(gatewayLog(entries -> editEntry(entries, "key-provider", "digest")));
        assertFails(ReplayFailure.RUNTIME_DIGEST_MISMATCH, check(verdict, Role.GATEWAY, "runtime_event_digests"));
        assertEquals(Outcome.PASS, check(verdict, Role.GATEWAY, "rtmr3_replay").outcome(), "the replay recomputes digests");
    }

    @Test
    void whitespaceInAppComposeFailsTheComposeBindingAndMrConfigId() {
        Verdict verdict = withGateway(gateway -> {
            JsonObject info = gateway.getJsonObject("info");
            JsonObject tcb = info.getJsonObject("tcb_info");
            return Json.createObjectBuilder(gateway).add("info", Json.createObjectBuilder(info).add("tcb_info",
                    Json.createObjectBuilder(tcb).add("app_compose", tcb.getString("app_compose").replaceFirst("\n", "\n ")))).build();
        });
        assertFails(ComposeFailure.COMPOSE_EVENT_MISMATCH, check(verdict, Role.GATEWAY, "compose_hash_event"));
        assertFails(ComposeFailure.MR_CONFIG_ID_MISMATCH, check(verdict, Role.GATEWAY, "mr_config_id"));
    }

    /** TD_ATTRIBUTES byte 0 bit 0 (quote byte 168): the quote no longer verifies, and the policy refuses a debug TD. */
    @Test
    void settingTheDebugBitFailsTheQuoteSignatureAndTheDebugRule() {
        Verdict verdict = withGateway(gateway -> {
            String quote = gateway.getString("intel_quote");
            int at = 168 * 2;
            String debug = quote.substring(0, at) + String.format("%02x", Integer.parseInt(quote.substring(at, at + 2), 16) | 1)
                    + quote.substring(at + 2);
            return Json.createObjectBuilder(gateway).add("intel_quote", debug).build();
        });
        assertFails(DcapFailure.QUOTE_SIGNATURE_INVALID, check(verdict, Role.GATEWAY, "intel_quote"));
        assertFails(PolicyFailure.DEBUG_TD, check(verdict, Role.GATEWAY, "td_debug"));
    }

    @Test
    void anotherNonceFailsTheReportDataBindingOfEveryQuote() {
        Verdict verdict = verify(new EvidenceBundle(bundle.report(), new Nonce("11".repeat(32)), bundle.at(),
                bundle.tlsSpkiSha256(), bundle.collateral(), bundle.nras(), bundle.host()));
        assertFails(BindingFailure.REPORT_DATA_NONCE_MISMATCH, check(verdict, Role.GATEWAY, "report_data"));
        assertFails(BindingFailure.REQUEST_NONCE_MISMATCH, check(verdict, Role.GATEWAY, "request_nonce"));
        assertFails(BindingFailure.REPORT_DATA_NONCE_MISMATCH, check(verdict, Role.MODEL, "report_data"));
        assertEquals(Outcome.FAIL, check(verdict, Role.COMPOSE_MANAGER, "report_data").outcome());
        assertEquals(Outcome.FAIL, check(verdict, Role.MODEL, "gpu_payload_nonce").outcome());
    }

    @Test
    void swappedGatewayAndModelLogsFailEveryReplay() {
        JsonObject report = bundle.report();
        JsonObject gateway = report.getJsonObject("gateway_attestation");
        JsonObject model = report.getJsonArray("model_attestations").getJsonObject(0);
        JsonArray gatewayLog = Json.createReader(new StringReader(gateway.getString("event_log"))).readArray();
        JsonObject swapped = Json.createObjectBuilder(report)
                .add("gateway_attestation", Json.createObjectBuilder(gateway).add("event_log", model.getJsonArray("event_log")
                        .toString()))
                .add("model_attestations", Json.createArrayBuilder().add(Json.createObjectBuilder(model)
                        .add("event_log", gatewayLog)))
                .build();
        Verdict verdict = verify(new EvidenceBundle(swapped, bundle.nonce(), bundle.at(), bundle.tlsSpkiSha256(),
                bundle.collateral(), bundle.nras(), bundle.host()));
        for (int i = 0; i < 4; i++) {
            assertFails(ReplayFailure.RTMR_MISMATCH, check(verdict, Role.GATEWAY, "rtmr" + i + "_replay"));
            assertFails(ReplayFailure.RTMR_MISMATCH, check(verdict, Role.MODEL, "rtmr" + i + "_replay"));
        }
    }

    @Test
    void anIdentityEventMovedAfterSystemReadyFailsTheRuntimeEventsCheck() {
        Verdict verdict = withGateway(gatewayLog(entries -> {
            entries.add(entries.remove(indexOf(entries, "app-id")));
            return entries;
        }));
        assertFails(RuntimeEventFailure.IDENTITY_EVENT_AFTER_SYSTEM_READY, check(verdict, Role.GATEWAY, "runtime_events"));
    }

    /** Without intel_quote the report does not parse: one failed report_format check naming the missing field. */
    @Test
    void aReportWithoutAQuoteFailsItsFormat() {
        Verdict verdict = withGateway(gateway -> Json.createObjectBuilder(gateway).remove("intel_quote").build());
        assertFalse(verdict.verified());
        assertEquals(1, verdict.components().size());
        assertEquals(Role.GATEWAY, verdict.components().get(0).role());
        assertEquals(List.of("report_format"), verdict.components().get(0).checks().stream().map(c -> c.name()).toList());
        assertFails(FormatFailure.MISSING_FIELD, check(verdict, Role.GATEWAY, "report_format"));
        assertTrue(check(verdict, Role.GATEWAY, "report_format").detail().startsWith("$.gateway_attestation.intel_quote"),
                check(verdict, Role.GATEWAY, "report_format").detail());
    }
}
