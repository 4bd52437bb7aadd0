package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;
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
        List<NearSamples.Cvm> models = NearSamples.models();
        assertEquals(5, models.size());
        for (NearSamples.Cvm cvm : models) {
            ComposeManagerAttestation cm = cvm.composeManager().orElseThrow();
            List<Check> checks = ComposeManagerBinding.check(cm, Captures.td(cm.quote()), cvm.quote(), cvm.clientNonce());
            assertEquals(9, checks.size());
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), cvm + " " + check.toJson()));
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
        TdMeasurements wrong = Records.with(CM_QUOTE, "reportData", "11".repeat(32) + CM_QUOTE.reportData().substring(64));
        assertEquals(ComposeManagerFailure.REPORT_DATA_ACTIONS_MISMATCH,
                ComposeManagerBinding.reportData(CM, wrong, MODEL.clientNonce()).reason());
    }

    /** A cached (nonce-less) attestation carries another nonce in its field even if the quote were right. */
    @Test
    void theNonceFieldMustBeTheClientNonce() {
        ComposeManagerAttestation stale = Records.with(CM, "nonce", "22".repeat(32));
        assertEquals(ComposeManagerFailure.NONCE_FIELD_MISMATCH,
                ComposeManagerBinding.reportData(stale, CM_QUOTE, MODEL.clientNonce()).reason());
    }

    @Test
    void aLogThatWasEditedIsRejected() {
        ComposeManagerAttestation edited = Records.with(CM, "actionsHash", "33".repeat(32));
        assertEquals(ComposeManagerFailure.ACTIONS_HASH_MISMATCH, ComposeManagerBinding.actionsHash(edited).reason());
    }

    @Test
    void theQuoteMustComeFromTheSameTdOnTheSameMachine() {
        TdMeasurements gateway = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY).quote();
        assertEquals(ComposeManagerFailure.MEASUREMENT_MISMATCH,
                ComposeManagerBinding.sameMeasurements(CM_QUOTE, gateway).reason());
        TdMeasurements elsewhere = Records.with(CM_QUOTE, "headerUserData", "44".repeat(20));
        assertEquals(ComposeManagerFailure.DEVICE_MISMATCH, ComposeManagerBinding.sameDevice(elsewhere, MODEL.quote()).reason());
        TdMeasurements otherRtmr3 = Records.with(CM_QUOTE, "rtmr3", "55".repeat(48));
        assertEquals(ComposeManagerFailure.MEASUREMENT_MISMATCH,
                ComposeManagerBinding.sameMeasurements(otherRtmr3, MODEL.quote()).reason());
    }
}
