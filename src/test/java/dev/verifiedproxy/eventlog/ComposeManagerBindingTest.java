package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            cvm.expected().ifPresent(e -> assertExpected(e.getJsonObject("compose_manager"), cm, cvm));
        }
    }

    /**
     * expected-results.json's compose_manager entry against what this package computes. Its {@code actions_hash_ok}
     * is the sorted-keys canonicalisation only (the April log hashes in the legacy field order, which the file does
     * not try, so it says false there while our binding accepts the legacy form: ActionsHashTest).
     */
    private static void assertExpected(JsonObject expected, ComposeManagerAttestation cm, NearSamples.Cvm model) {
        TdMeasurements quote = Captures.td(cm.quote());
        assertEquals(expected.getString("actions_hash"), cm.actionsHash());
        assertEquals(expected.getInt("actions"), cm.actions().size());
        assertEquals(expected.getBoolean("actions_hash_ok"), ActionsHash.compute(cm.actionsJson(),
                ActionsHash.Canonicalisation.SORTED_KEYS).orElseThrow().equals(cm.actionsHash()), model.label());
        assertEquals(expected.getString("nonce"), cm.nonce());
        assertEquals(expected.getString("nonce_source"), cm.nonceSource().orElseThrow());
        assertEquals(expected.getBoolean("report_data_is_actions_hash_then_nonce"),
                ComposeManagerBinding.reportData(cm, quote, model.clientNonce()).ok());
        assertEquals(expected.getBoolean("quote_mrs_equal_model_quote"),
                ComposeManagerBinding.sameMeasurements(quote, model.quote()).ok());
        assertEquals(expected.getBoolean("same_device"), ComposeManagerBinding.sameDevice(quote, model.quote()).ok());
        assertEquals(expected.getBoolean("event_log_replay_matches_its_quote"),
                RtmrReplay.check(cm.eventLog(), quote).subList(0, 4).stream().allMatch(Check::ok));
        // Each listed deployment (tag, commit, file, file_sha256) is a compose_up our parser read from the log.
        List<List<String>> deployed = cm.actions().stream().filter(a -> a.action().equals(ComposeAction.COMPOSE_UP))
                .map(a -> List.of(a.tag().orElse(""), a.commit().orElse(""), a.file().orElse(""), a.fileSha256().orElse("")))
                .toList();
        JsonArray listed = expected.getJsonArray("compose_up_files");
        assertFalse(listed.isEmpty());
        for (JsonValue v : listed) {
            assertTrue(deployed.contains(v.asJsonArray().getValuesAs(JsonString::getString)), model.label() + " " + v);
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
