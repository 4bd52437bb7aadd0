package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.ModelBinding;
import dev.verifiedproxy.attestation.ModelBindingFailure;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.testing.CaptureEvidence;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.testing.RealComponents.Capture;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.verifiedproxy.attestation.verifier.RealCaptureVerdictsTest.assertFails;
import static dev.verifiedproxy.attestation.verifier.RealCaptureVerdictsTest.check;
import static dev.verifiedproxy.attestation.verifier.RealCaptureVerdictsTest.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report must attest the model it was asked for (protocol.md §4 step 8), shown on the real June captures,
 * offline under the built-in default policy, with the model each capture asked for (its manifest.json) recorded
 * in the bundle: the gateway's report must carry that model's attestation, a model's {@code model_name} must be
 * it. Neither is bound by any quote, so only this check catches a report stripped of its model or relabelled.
 */
class ModelBindingVerdictsTest {

    private static final String OTHER = "zai-org/GLM-5.1-FP8";

    /** The model a capture asked for, from its manifest. */
    private static String asked(Capture capture) {
        return Captures.json(CaptureEvidence.directory(capture) + "/manifest.json").getString("model");
    }

    /** The capture's bundle with its report changed and the given model recorded as asked for. */
    private static EvidenceBundle bundle(Capture capture, JsonObject report, Optional<String> model) {
        EvidenceBundle b = CaptureEvidence.bundle(capture);
        return new EvidenceBundle(report, b.nonce(), b.at(), b.tlsSpkiSha256(), b.collateral(), b.nras(), b.host(), model);
    }

    private static Verdict verify(EvidenceBundle bundle) {
        return RealCaptureVerdictsTest.verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(bundle).verdict();
    }

    private static JsonObject report(Capture capture) {
        return CaptureEvidence.bundle(capture).report();
    }

    @Test
    void theJuneGatewayCaptureAttestsTheModelItWasAskedFor() {
        Verdict verdict = verify(bundle(RealComponents.CLOUD_0629, report(RealComponents.CLOUD_0629),
                Optional.of(asked(RealComponents.CLOUD_0629))));
        assertTrue(verdict.verified(), failures(verdict).toString());
        assertEquals(Outcome.PASS, check(verdict, Role.GATEWAY, ModelBinding.MODEL_ATTESTATION).outcome());
        assertEquals(Outcome.PASS, check(verdict, Role.MODEL, ModelBinding.MODEL_NAME).outcome());
    }

    /** The reviewers' probe: without model_attestations the gateway's own attestation still verifies. */
    @Test
    void theJuneGatewayCaptureWithoutItsModelAttestationIsNotVerified() {
        JsonObjectBuilder stripped = Json.createObjectBuilder(report(RealComponents.CLOUD_0629));
        stripped.remove("model_attestations");
        JsonObject report = stripped.build();

        Verdict verdict = verify(bundle(RealComponents.CLOUD_0629, report, Optional.of(asked(RealComponents.CLOUD_0629))));
        assertEquals(List.of("gateway/model_attestation=model_attestation_missing"), failures(verdict));
        assertFails(ModelBindingFailure.MODEL_ATTESTATION_MISSING, check(verdict, Role.GATEWAY, ModelBinding.MODEL_ATTESTATION));

        // A bundle that records no model (asked for none, or archived before bundles said) keeps its old meaning:
        // the gateway alone, which is all such a bundle can vouch for.
        Verdict gatewayAlone = verify(bundle(RealComponents.CLOUD_0629, report, Optional.empty()));
        assertTrue(gatewayAlone.verified(), failures(gatewayAlone).toString());
        assertEquals(List.of(Role.GATEWAY), gatewayAlone.components().stream().map(c -> c.role()).toList());
    }

    @Test
    void theJuneGatewayCaptureIsNoAttestationOfAnotherModel() {
        Verdict verdict = verify(bundle(RealComponents.CLOUD_0629, report(RealComponents.CLOUD_0629), Optional.of(OTHER)));
        assertEquals(List.of("gateway/model_attestation=model_attestation_missing", "model/model_name=model_name_mismatch"),
                failures(verdict));
    }

    /** model_name is self-reported and unbound by the quote: relabelled, the report still binds; the check refuses it. */
    @Test
    void theJuneDirectCaptureRelabelledIsNotVerified() {
        String model = asked(RealComponents.DIRECT_0629);
        JsonObject report = report(RealComponents.DIRECT_0629);
        assertEquals(model, report.getString("model_name"));
        Verdict genuine = verify(bundle(RealComponents.DIRECT_0629, report, Optional.of(model)));
        assertTrue(genuine.verified(), failures(genuine).toString());
        assertEquals(Outcome.PASS, check(genuine, Role.MODEL, ModelBinding.MODEL_NAME).outcome());

        JsonObject relabelled = Json.createObjectBuilder(report).add("model_name", OTHER).build();
        Verdict verdict = verify(bundle(RealComponents.DIRECT_0629, relabelled, Optional.of(model)));
        assertEquals(List.of("model/model_name=model_name_mismatch"), failures(verdict));

        JsonObjectBuilder unnamed = Json.createObjectBuilder(report);
        unnamed.remove("model_name");
        Verdict missing = verify(bundle(RealComponents.DIRECT_0629, unnamed.build(), Optional.of(model)));
        assertEquals(List.of("model/model_name=model_name_missing"), failures(missing));
    }

    /** The model asked for travels with the bundle's JSON, and is checked when it is read back. */
    @Test
    void theModelAskedForIsPartOfTheBundle() {
        EvidenceBundle asked = bundle(RealComponents.DIRECT_0629, report(RealComponents.DIRECT_0629), Optional.of(OTHER));
        JsonObject json = asked.toJson();
        assertEquals(OTHER, json.getString("model"));
        EvidenceBundle read = EvidenceBundle.fromJson(json);
        assertEquals(Optional.of(OTHER), read.model());
        assertEquals(List.of("model/model_name=model_name_mismatch"), failures(verify(read)));
    }
}
