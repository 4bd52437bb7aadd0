package dev.verifiedproxy.proxy;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.ModelBinding;
import dev.verifiedproxy.attestation.ModelBindingFailure;
import dev.verifiedproxy.attestation.verifier.EvidenceArchive;
import dev.verifiedproxy.attestation.verifier.VerdictAttestor;
import dev.verifiedproxy.chatcheck.ChatCheckResult;
import dev.verifiedproxy.chatcheck.ChatCheckStatus;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.eventlog.JsonInput;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.testing.backend.VerifierBed;
import dev.verifiedproxy.transport.AttestedConnectionPool;
import dev.verifiedproxy.transport.TransportException;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Component;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy in gateway mode with the full verifier (forged quotes under a test PKI, forged GPUs, fake PCS and
 * NRAS, the built-in default policy) in front of a simulated gateway serving two models with different signing
 * keys: what a response says was verified, what E2EE encrypts to and whose signature is expected all come from
 * the attestation of the request's own model; a report that does not attest that model is refused before any
 * byte of the request is sent. Direct mode: a CVM attesting another model than the request's is refused too.
 */
class GatewayModelProxyTest extends ProxyBedTest {

    private static final String MODEL_A = ProxyTestBed.MODEL;
    private static final String MODEL_B = "test/model-b";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private VerifierBed verifierBed;
    private EvidenceArchive archive;

    private ProxyTestBed start(SimulatedTeeBackend.Shape shape, Map<String, String> settings) {
        verifierBed = new VerifierBed(pki(), TcbStatus.UP_TO_DATE);
        archive = new EvidenceArchive(64, 64L << 20);
        VerdictAttestor attestor = new VerdictAttestor(verifierBed.verifier(PolicyLoader.defaultPolicy()),
                verifierBed.collateral(), archive, 4L << 20);
        ProxyTestBed started = start(shape, 1, settings, attestor);
        started.backend.gpuEvidence(verifierBed.gpus());
        if (shape == SimulatedTeeBackend.Shape.GATEWAY) {
            started.backend.serveModel(MODEL_B);
        }
        return started;
    }

    @AfterEach
    void closeVerifierBed() {
        if (verifierBed != null) {
            verifierBed.close();
            verifierBed = null;
        }
    }

    @SafeVarargs
    private static ProxiedRequest chat(String model, String prompt, Map.Entry<String, String>... headers) {
        JsonObject body = Json.createObjectBuilder().add("model", model).add("stream", false)
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user")
                        .add("content", prompt))).build();
        return ProxyTestBed.post("v1/chat/completions", body.toString(), headers);
    }

    private static ProxiedRequest models() {
        return new ProxiedRequest("GET", "v1/models", null, List.of(), null, null);
    }

    private String address(String model) {
        return bed.backend.signingIdentity(model, "ecdsa").address();
    }

    private EvidenceBundle archived(String evidenceId) {
        return EvidenceBundle.fromJson(JsonInput.object(JsonInput.parse(archive.find(evidenceId).orElseThrow().bundle(),
                64L << 20, "$"), "$"));
    }

    private Verdict offline(EvidenceBundle bundle) {
        return verifierBed.verifier(PolicyLoader.defaultPolicy()).verifyOffline(bundle).verdict();
    }

    private static Check check(Verdict verdict, Role role, String name) {
        return verdict.components().stream().filter(c -> c.role() == role).findFirst().orElseThrow()
                .find(name).orElseThrow(() -> new AssertionError("no check " + name + " in " + verdict.toJson()));
    }

    /** The reviewers' case end to end: no model, then model A, then model B, then A again. */
    @Test
    void everyResponseNamesTheAttestationOfItsOwnModel() throws Exception {
        start(SimulatedTeeBackend.Shape.GATEWAY, Map.of());

        Response list = bed.proxy.forward(models());
        assertEquals(200, list.getStatus(), ProxyTestBed.entity(list));
        assertEquals(ProxyTestBed.GATEWAY, list.getHeaderString(ProxyHeaders.BACKEND));
        assertNull(list.getHeaderString(ProxyHeaders.ATTESTED_MODEL), "the gateway alone attests no model");
        assertNull(list.getHeaderString(ProxyHeaders.SIGNING_ADDRESS));

        Response a = bed.proxy.forward(chat(MODEL_A, "to A"));
        ProxyTestBed.entity(a);
        assertEquals(MODEL_A, a.getHeaderString(ProxyHeaders.ATTESTED_MODEL));
        assertEquals(address(MODEL_A), a.getHeaderString(ProxyHeaders.SIGNING_ADDRESS));

        Response b = bed.proxy.forward(chat(MODEL_B, "to B"));
        ProxyTestBed.entity(b);
        assertEquals(MODEL_B, b.getHeaderString(ProxyHeaders.ATTESTED_MODEL));
        assertEquals(address(MODEL_B), b.getHeaderString(ProxyHeaders.SIGNING_ADDRESS));
        assertNotEquals(address(MODEL_A), address(MODEL_B));

        Response again = bed.proxy.forward(chat(MODEL_A, "to A again"));
        ProxyTestBed.entity(again);
        assertEquals(MODEL_A, again.getHeaderString(ProxyHeaders.ATTESTED_MODEL));
        assertEquals(address(MODEL_A), again.getHeaderString(ProxyHeaders.SIGNING_ADDRESS));

        assertEquals(1, bed.backend.attestationRequests(null));
        assertEquals(1, bed.backend.attestationRequests(MODEL_A));
        assertEquals(1, bed.backend.attestationRequests(MODEL_B));
        assertEquals(0, bed.backend.bytesBeforeProof(), "no byte of a request before its model was proved");

        // Each model's evidence records the model it was asked for, and re-verifies offline only for that model.
        EvidenceBundle evidenceB = archived(b.getHeaderString(ProxyHeaders.EVIDENCE));
        assertEquals(Optional.of(MODEL_B), evidenceB.model());
        Verdict reverified = offline(evidenceB);
        assertTrue(reverified.verified(), reverified.toJson().toString());
        assertTrue(check(reverified, Role.GATEWAY, ModelBinding.MODEL_ATTESTATION).ok());
        assertTrue(check(reverified, Role.MODEL, ModelBinding.MODEL_NAME).ok());
        EvidenceBundle claimedForA = new EvidenceBundle(evidenceB.report(), evidenceB.nonce(), evidenceB.at(),
                evidenceB.tlsSpkiSha256(), evidenceB.collateral(), evidenceB.nras(), evidenceB.host(), Optional.of(MODEL_A));
        Verdict forA = offline(claimedForA);
        assertFalse(forA.verified());
        assertEquals(ModelBindingFailure.MODEL_ATTESTATION_MISSING,
                check(forA, Role.GATEWAY, ModelBinding.MODEL_ATTESTATION).reason());
        assertEquals(ModelBindingFailure.MODEL_NAME_MISMATCH, check(forA, Role.MODEL, ModelBinding.MODEL_NAME).reason());
    }

    @Test
    void aGatewayAnsweringAnotherModelsAttestationIsRefusedBeforeAnyClientByte() {
        start(SimulatedTeeBackend.Shape.GATEWAY, Map.of());
        bed.backend.misbehave(Misbehaviour.GATEWAY_OTHER_MODEL);
        TransportException refused = refused(chat(MODEL_A, "to A"));
        assertEquals(ModelBinding.MODEL_ATTESTATION, refused.failedCheck(), refused.getMessage());
        assertTrue(refused.detail().startsWith("gateway: " + ModelBindingFailure.MODEL_ATTESTATION_MISSING.code()),
                refused.getMessage());
        Verdict verdict = offline(archived(evidenceId(refused)));
        assertEquals(ModelBindingFailure.MODEL_NAME_MISMATCH, check(verdict, Role.MODEL, ModelBinding.MODEL_NAME).reason(),
                "the attestation it carried is B's");
        assertEquals(0, bed.backend.otherRequests(), "the request was not sent");
        assertEquals(0, bed.backend.bytesBeforeProof());
    }

    @Test
    void aReportWithoutTheModelsAttestationIsRefusedBeforeAnyClientByte() {
        start(SimulatedTeeBackend.Shape.GATEWAY, Map.of());
        bed.backend.misbehave(Misbehaviour.GATEWAY_NO_MODEL_ATTESTATION);
        TransportException refused = refused(chat(MODEL_B, "to B"));
        assertEquals(ModelBinding.MODEL_ATTESTATION, refused.failedCheck(), refused.getMessage());
        Verdict verdict = offline(archived(evidenceId(refused)));
        assertEquals(ModelBindingFailure.MODEL_ATTESTATION_MISSING,
                check(verdict, Role.GATEWAY, ModelBinding.MODEL_ATTESTATION).reason());
        assertEquals(List.of(Role.GATEWAY), verdict.components().stream().map(Component::role).toList(),
                "only the gateway was attested");
        assertEquals(0, bed.backend.otherRequests());
        assertEquals(0, bed.backend.bytesBeforeProof());
    }

    /** E2EE encrypts to, and the signature check expects, the key of the request's own model. */
    @Test
    void e2eeAndSignatureChecksUseTheRequestsModelKey() throws Exception {
        start(SimulatedTeeBackend.Shape.GATEWAY, Map.of("VERIFIEDPROXY_E2EE_MODE", "v2",
                "VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", "ed25519", "VERIFIEDPROXY_SIGNATURES_VERIFY", "on",
                "VERIFIEDPROXY_SIGNATURES_RETRY_BACKOFF", "50ms"));
        for (String model : List.of(MODEL_A, MODEL_B, MODEL_A)) {
            String prompt = "a secret for " + model;
            String body = ProxyTestBed.entity(bed.proxy.forward(chat(model, prompt)));
            assertTrue(body.contains("You said: " + prompt), body);
            assertEquals(prompt, bed.backend.lastPrompt(), "the model decrypted the prompt with its own key");
            assertEquals(bed.backend.signingKeys(model).signingPublicKey(SigningAlgo.ED25519),
                    bed.backend.lastChatHeaders().get("x-model-pub-key"), model);
            ChatCheckResult result = bed.decided(ProxyTestBed.chatId(body), WITHIN);
            assertEquals(ChatCheckStatus.VALID, result.status(), result.toString());
            assertEquals(bed.backend.signingKeys(model).signingAddress(SigningAlgo.ED25519),
                    result.verdict().orElseThrow().expectedSigner(), model);
            assertEquals(Optional.of(model), result.verdict().orElseThrow().text().model());
        }
        assertEquals(1, bed.backend.attestationRequests(MODEL_A));
        assertEquals(1, bed.backend.attestationRequests(MODEL_B));
    }

    /** A model CVM's key is verified once whatever a request names; its attested model must be the request's. */
    @Test
    void aDirectBackendAttestingAnotherModelIsRefusedBeforeAnyClientByte() throws Exception {
        start(SimulatedTeeBackend.Shape.DIRECT, Map.of("VERIFIEDPROXY_ATTESTATION_FAILURE_BACKOFF", "1m"));
        TransportException refused = refused(chat(MODEL_B, "to B", Map.entry("X-Backend-Domain", ProxyTestBed.DOMAIN)));
        assertEquals(AttestedConnectionPool.MODEL_NAME_CHECK, refused.failedCheck(), refused.getMessage());
        assertEquals(0, bed.backend.otherRequests(), "the request was not sent");
        assertEquals(0, bed.backend.bytesBeforeProof());

        Response a = bed.proxy.forward(chat(MODEL_A, "to A"));
        ProxyTestBed.entity(a);
        assertEquals(MODEL_A, a.getHeaderString(ProxyHeaders.ATTESTED_MODEL), "the CVM itself was not held up");
        assertEquals(1, bed.backend.attestationRequests());
    }

    private TransportException refused(ProxiedRequest request) {
        ApiException e = assertThrows(ApiException.class, () -> bed.proxy.forward(request));
        assertEquals(502, e.error().status(), e.getMessage());
        assertEquals("attestation_failed", e.error().code(), e.getMessage());
        return (TransportException) e.getCause();
    }

    private static String evidenceId(TransportException e) {
        String detail = e.detail();
        int at = detail.lastIndexOf("(evidence ");
        assertTrue(at >= 0, detail);
        return detail.substring(at + "(evidence ".length(), detail.indexOf(')', at));
    }
}
