package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict endpoints of the packaged WAR in the server under test, against the simulated NEAR cloud (test
 * Intel root, fake PCS, fake NRAS and forged GPUs, the built-in default policy): a live model verdict, its
 * archived evidence, that evidence re-verified offline, and the error answers. Model B is shared with other IT
 * classes, so what reaches it is counted from a snapshot; the failing backend is one only this class uses
 * ({@link DedicatedBackends#FAILING_VERDICT}), so that nothing at all may reach it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VerifyIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.packagedWar();
    }

    @ArquillianResource
    URL reported;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private URI uri(String path) {
        return Deployments.base(reported).resolve(path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> roles(JsonObject verdict) {
        return verdict.getJsonArray("components").stream().map(c -> c.asJsonObject().getString("role")).toList();
    }

    private static List<String> failedChecks(JsonObject verdict) {
        return verdict.getJsonArray("components").stream().flatMap(c -> c.asJsonObject().getJsonArray("checks").stream())
                .map(JsonValue::asJsonObject).filter(c -> !c.getBoolean("ok")).map(c -> c.getString("name")).toList();
    }

    @Test
    void aModelIsVerifiedLiveAndItsEvidenceReverifiesOffline() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendB();
        long others = backend.otherRequests();
        HttpResponse<String> live = get("verify/model/" + ItEnvironment.MODEL_B);
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("no-store", live.headers().firstValue("Cache-Control").orElse(null));
        JsonObject verdict = json(live.body());
        assertTrue(verdict.getBoolean("verified"), live.body());
        assertEquals(List.of("model", "composeManager"), roles(verdict));
        assertEquals(ItEnvironment.DOMAIN_B, verdict.getString("backend"));
        assertTrue(verdict.getString("policyDigest").startsWith("sha256:"));

        HttpResponse<String> evidence = get("verify/evidence/" + verdict.getString("evidenceId"));
        assertEquals(200, evidence.statusCode(), evidence.body());
        JsonObject bundle = json(evidence.body());
        assertEquals(ItEnvironment.DOMAIN_B, bundle.getString("host"));
        assertEquals(1, bundle.getJsonObject("nras").getJsonArray("responses").size());

        HttpResponse<String> offline = post("verify/bundle", evidence.body());
        assertEquals(200, offline.statusCode(), offline.body());
        JsonObject again = json(offline.body());
        assertTrue(again.getBoolean("verified"), offline.body());
        assertEquals(verdict.getString("policyDigest"), again.getString("policyDigest"));
        assertEquals(verdict.getJsonNumber("at"), again.getJsonNumber("at"));
        assertEquals(others, backend.otherRequests(), "nothing but report requests reached the backend");
    }

    @Test
    void aFailingBackendIsAVerdictAndAProxiedRequestToItNamesItsEvidence() throws Exception {
        DedicatedBackends.Dedicated dedicated = DedicatedBackends.FAILING_VERDICT;
        SimulatedTeeBackend backend = dedicated.backend();
        backend.misbehave(Misbehaviour.GPU_NONCE_SPLICED);
        try {
            HttpResponse<String> live = get("verify/model/" + dedicated.model());
            assertEquals(200, live.statusCode(), live.body());
            JsonObject verdict = json(live.body());
            assertFalse(verdict.getBoolean("verified"));
            assertEquals(List.of("gpu_evidence_nonce"), failedChecks(verdict));

            HttpResponse<String> chat = post("v1/chat/completions", "{\"model\":\"" + dedicated.model()
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            JsonObject error = assertOpenAiError(chat, 502, "upstream_error");
            assertEquals("attestation_failed", error.getString("code"));
            Matcher id = Pattern.compile("\\(evidence ([0-9a-f]{32})\\)").matcher(error.getString("message"));
            assertTrue(id.find(), error.toString());
            HttpResponse<String> evidence = get("verify/evidence/" + id.group(1));
            assertEquals(200, evidence.statusCode());
            JsonObject replayed = json(post("verify/bundle", evidence.body()).body());
            assertFalse(replayed.getBoolean("verified"));
            assertEquals(List.of("gpu_evidence_nonce"), failedChecks(replayed));
        } finally {
            backend.misbehave(Misbehaviour.NONE);
        }
        assertEquals(0, backend.otherRequests(), "nothing but report requests reached the failing backend");
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void errorsAreOpenAiErrors() throws Exception {
        assertEquals("model_not_found", assertOpenAiError(get("verify/model/no/such-model"), 404, "not_found_error")
                .getString("code"));
        assertEquals("evidence_not_found", assertOpenAiError(get("verify/evidence/" + "0".repeat(32)), 404,
                "not_found_error").getString("code"));
        assertOpenAiError(post("verify/bundle", "{\"report\":{},\"nonce\":\"xyz\",\"at\":1}"), 400, "invalid_request_error");
        assertOpenAiError(post("verify/bundle", "not json"), 400, "invalid_request_error");
    }
}
