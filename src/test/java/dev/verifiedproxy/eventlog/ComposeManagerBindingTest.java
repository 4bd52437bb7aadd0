package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposeManagerBindingTest {

    private static final NearSamples.Cvm MODEL = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL);
    private static final ComposeManagerAttestation CM = MODEL.composeManager().orElseThrow();
    private static final TdMeasurements CM_QUOTE = Captures.td(CM.quote());

    @Test
    void everyRealComposeManagerAttestationIsBound() {
        for (String[] c : List.of(new String[] {Captures.CLOUD_0629, NearSamples.MODEL}, new String[] {Captures.DIRECT_0629, NearSamples.DIRECT},
                new String[] {Captures.CLOUD_0424, NearSamples.MODEL}, new String[] {Captures.DIRECT_0424, NearSamples.DIRECT},
                new String[] {Captures.FIXTURE_01, NearSamples.MODEL})) {
            NearSamples.Cvm cvm = NearSamples.cvm(c[0], c[1]);
            ComposeManagerAttestation cm = cvm.composeManager().orElseThrow();
            String nonce = c[0].equals(Captures.FIXTURE_01) ? Captures.FIXTURE_01_NONCE : Captures.nonce(c[0]);
            List<Check> checks = ComposeManagerBinding.check(cm, Captures.td(cm.quote()), cvm.quote(), nonce);
            assertEquals(9, checks.size());
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), c[0] + " " + check.toJson()));
            cvm.expected().ifPresent(e -> {
                JsonObject expected = e.getJsonObject("compose_manager");
                assertEquals(expected.getString("actions_hash"), cm.actionsHash());
                assertEquals(expected.getInt("actions"), cm.actions().size());
                assertEquals(expected.getString("nonce"), cm.nonce());
                assertTrue(expected.getBoolean("report_data_is_actions_hash_then_nonce"));
                assertTrue(expected.getBoolean("quote_mrs_equal_model_quote"));
                assertTrue(expected.getBoolean("same_device"));
                assertTrue(expected.getBoolean("event_log_replay_matches_its_quote"));
            });
        }
    }

    @Test
    void theQuoteMustBindTheClientNonce() {
        String other = "00".repeat(32);
        Check c = ComposeManagerBinding.reportData(CM, CM_QUOTE, other);
        assertEquals(ComposeManagerFailure.REPORT_DATA_NONCE_MISMATCH, c.reason());
    }

    @Test
    void theQuoteMustBindTheActionsHash() {
        TdMeasurements wrong = LogEdits.withReportData(CM_QUOTE, "11".repeat(32) + CM_QUOTE.reportData().substring(64));
        assertEquals(ComposeManagerFailure.REPORT_DATA_ACTIONS_MISMATCH, ComposeManagerBinding.reportData(CM, wrong, MODEL.nonce()).reason());
    }

    /** A cached (nonce-less) attestation carries another nonce in its field even if the quote were right. */
    @Test
    void theNonceFieldMustBeTheClientNonce() {
        ComposeManagerAttestation stale = new ComposeManagerAttestation(CM.actionsJson(), CM.actions(), CM.actionsHash(),
                "22".repeat(32), CM.nonceSource(), CM.quote(), CM.eventLog(), CM.reportData());
        assertEquals(ComposeManagerFailure.NONCE_FIELD_MISMATCH, ComposeManagerBinding.reportData(stale, CM_QUOTE, MODEL.nonce()).reason());
    }

    @Test
    void aLogThatWasEditedIsRejected() {
        ComposeManagerAttestation edited = new ComposeManagerAttestation(CM.actionsJson(), CM.actions(), "33".repeat(32),
                CM.nonce(), CM.nonceSource(), CM.quote(), CM.eventLog(), CM.reportData());
        assertEquals(ComposeManagerFailure.ACTIONS_HASH_MISMATCH, ComposeManagerBinding.actionsHash(edited).reason());
    }

    @Test
    void theQuoteMustComeFromTheSameTdOnTheSameMachine() {
        TdMeasurements gateway = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY).quote();
        assertEquals(ComposeManagerFailure.MEASUREMENT_MISMATCH, ComposeManagerBinding.sameMeasurements(CM_QUOTE, gateway).reason());
        TdMeasurements elsewhere = LogEdits.withHeaderUserData(CM_QUOTE, "44".repeat(20));
        assertEquals(ComposeManagerFailure.DEVICE_MISMATCH, ComposeManagerBinding.sameDevice(elsewhere, MODEL.quote()).reason());
        TdMeasurements otherRtmr3 = LogEdits.withRtmrs(CM_QUOTE, List.of(CM_QUOTE.rtmr0(), CM_QUOTE.rtmr1(), CM_QUOTE.rtmr2(), "55".repeat(48)));
        assertEquals(ComposeManagerFailure.MEASUREMENT_MISMATCH, ComposeManagerBinding.sameMeasurements(otherRtmr3, MODEL.quote()).reason());
    }
}
