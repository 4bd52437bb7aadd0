package dev.verifiedproxy.attestation;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.eventlog.ComposeFailure;
import dev.verifiedproxy.eventlog.DstackInfo;
import dev.verifiedproxy.eventlog.EventLog;
import dev.verifiedproxy.eventlog.EventLogEntry;
import dev.verifiedproxy.eventlog.ReplayFailure;
import dev.verifiedproxy.eventlog.RuntimeEventFailure;
import dev.verifiedproxy.eventlog.TcbInfo;
import dev.verifiedproxy.policy.PolicyEvaluator;
import dev.verifiedproxy.policy.PolicyFailure;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Reason;
import dev.verifiedproxy.verdict.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The negative tests samples/dstack/README.txt suggests, each applied in memory to a real June
 * capture and run through parsing, the checks and the default policy: each fails its own check with
 * its own reason. (The Rekor mutations belong to Sigstore verification, which is not implemented.)
 */
class SuggestedMutationsTest {

    private static final RealComponents.Capture CAPTURE = RealComponents.CLOUD_0629;
    private static final GatewayReport REPORT = (GatewayReport) RealComponents.report(CAPTURE);

    private static Check evaluate(Role role, CvmAttestation a, RealComponents.Capture capture, String name) {
        RealComponents.Component c = RealComponents.cvm(capture, role, a, role == Role.GATEWAY, List.of());
        return PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), c.observation()).checks().stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no check " + name));
    }

    private static void assertFails(Reason reason, Check check) {
        assertEquals(Outcome.FAIL, check.outcome(), check.toJson().toString());
        assertEquals(reason, check.reason());
    }

    @Test
    void unmutatedTheseChecksPass() {
        for (String name : List.of("rtmr3_replay", "runtime_event_digests", "runtime_events",
                "compose_hash_event", "mr_config_id",
                "td_debug", "report_data")) {
            assertEquals(Outcome.PASS, evaluate(Role.GATEWAY, REPORT.gateway(), CAPTURE, name).outcome(), name);
        }
    }

    @Test
    void flippingAByteOfAnRtmr3PayloadFailsTheRtmr3Replay() {
        CvmAttestation a = withEventLog(REPORT.gateway(), edit(REPORT.gateway().eventLog(), "instance-id",
                e -> new EventLogEntry(e.imr(), e.eventType(), e.digest(), e.event(), flip(e.payload()))));
        assertFails(ReplayFailure.RTMR_MISMATCH, evaluate(Role.GATEWAY, a, CAPTURE, "rtmr3_replay"));
    }

    @Test
    void changingARuntimeDigestOnlyFailsTheDigestCheck() {
        CvmAttestation a = withEventLog(REPORT.gateway(), edit(REPORT.gateway().eventLog(), "key-provider",
                e -> new EventLogEntry(e.imr(), e.eventType(), flip(e.digest()), e.event(), e.payload())));
        assertFails(ReplayFailure.RUNTIME_DIGEST_MISMATCH, evaluate(Role.GATEWAY, a, CAPTURE, "runtime_event_digests"));
        assertEquals(Outcome.PASS, evaluate(Role.GATEWAY, a, CAPTURE, "rtmr3_replay").outcome());
    }

    @Test
    void whitespaceInAppComposeFailsComposeBindingAndMrConfigId() {
        DstackInfo info = REPORT.gateway().info();
        TcbInfo tcb = info.tcbInfo().orElseThrow();
        TcbInfo spaced = Records.with(tcb, "appCompose", tcb.appCompose().map(s -> s.replaceFirst("\n", "\n ")));
        CvmAttestation a = Records.with(REPORT.gateway(), "info", Records.with(info, "tcbInfo", Optional.of(spaced)));
        assertFails(ComposeFailure.COMPOSE_EVENT_MISMATCH, evaluate(Role.GATEWAY, a, CAPTURE, "compose_hash_event"));
        assertFails(ComposeFailure.MR_CONFIG_ID_MISMATCH, evaluate(Role.GATEWAY, a, CAPTURE, "mr_config_id"));
    }

    /** TD_ATTRIBUTES is quote body bytes 120..128, i.e. quote bytes 168..176; byte 0 bit 0 is DEBUG. */
    @Test
    void settingTheDebugBitFailsTheDebugCheck() {
        String quote = REPORT.gateway().intelQuote();
        int at = 168 * 2;
        String debug = quote.substring(0, at) + String.format("%02x", Integer.parseInt(quote.substring(at, at + 2), 16) | 1)
                + quote.substring(at + 2);
        CvmAttestation a = Records.with(REPORT.gateway(), "intelQuote", debug);
        assertFails(PolicyFailure.DEBUG_TD, evaluate(Role.GATEWAY, a, CAPTURE, "td_debug"));
    }

    @Test
    void anotherNonceFailsTheReportDataBinding() {
        RealComponents.Capture otherNonce = new RealComponents.Capture("other nonce", CAPTURE.report(), CAPTURE.host(),
                new Nonce("11".repeat(32)), CAPTURE.at(), CAPTURE.liveSpkiSha256());
        assertFails(BindingFailure.REPORT_DATA_NONCE_MISMATCH,
                evaluate(Role.GATEWAY, REPORT.gateway(), otherNonce, "report_data"));
        assertFails(BindingFailure.REQUEST_NONCE_MISMATCH, evaluate(Role.GATEWAY, REPORT.gateway(), otherNonce, "request_nonce"));
    }

    @Test
    void swappedGatewayAndModelLogsFailEveryReplay() {
        CvmAttestation gateway = withEventLog(REPORT.gateway(), REPORT.models().get(0).eventLog());
        CvmAttestation model = withEventLog(REPORT.models().get(0), REPORT.gateway().eventLog());
        for (int i = 0; i < 4; i++) {
            assertFails(ReplayFailure.RTMR_MISMATCH, evaluate(Role.GATEWAY, gateway, CAPTURE, "rtmr" + i + "_replay"));
            assertFails(ReplayFailure.RTMR_MISMATCH, evaluate(Role.MODEL, model, CAPTURE, "rtmr" + i + "_replay"));
        }
    }

    @Test
    void anIdentityEventMovedAfterSystemReadyFailsTheRuntimeEventsCheck() {
        List<EventLogEntry> entries = new ArrayList<>(REPORT.gateway().eventLog().entries());
        int appId = indexOf(entries, "app-id");
        entries.add(entries.remove(appId));
        CvmAttestation a = withEventLog(REPORT.gateway(), new EventLog(entries));
        assertFails(RuntimeEventFailure.IDENTITY_EVENT_AFTER_SYSTEM_READY, evaluate(Role.GATEWAY, a, CAPTURE, "runtime_events"));
    }

    private static String flip(String hex) {
        return String.format("%02x", Integer.parseInt(hex.substring(0, 2), 16) ^ 1) + hex.substring(2);
    }

    private static int indexOf(List<EventLogEntry> entries, String event) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).event().equals(event)) {
                return i;
            }
        }
        throw new IllegalArgumentException(event);
    }

    private static EventLog edit(EventLog log, String event, UnaryOperator<EventLogEntry> change) {
        List<EventLogEntry> entries = new ArrayList<>(log.entries());
        int i = indexOf(entries, event);
        entries.set(i, change.apply(entries.get(i)));
        return new EventLog(entries);
    }

    private static CvmAttestation withEventLog(CvmAttestation a, EventLog log) {
        return Records.with(a, "eventLog", log);
    }
}
