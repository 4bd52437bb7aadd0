package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.verifiedproxy.it.E2eeCalls.PROMPT;
import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the deployed WAR as the suite runs it (signing algorithm ecdsa: ECIES): the application
 * sends plaintext, the proxy encrypts it to the attested model key of the simulated CVM and decrypts
 * the answer (JSON and SSE), and it checks each answer's signature in the background, reported at
 * {@code GET /verify/chat/{id}}. Both are asked for per request. The ed25519 schemes run in
 * {@link E2eeEd25519ProxyIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class E2eeProxyIT {

    private static final String ECDSA = "ecdsa";

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.packagedWar();
    }

    @ArquillianResource
    URL reported;

    private E2eeCalls calls() {
        return new E2eeCalls(Deployments.base(reported));
    }

    @Test
    void aJsonChatRoundTripsEncryptedAndItsSignatureIsValid() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        HttpResponse<String> response = calls().chat("v2", ItEnvironment.MODEL_A, false);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject answer = json(response.body());
        assertEquals("Hello from a simulated TEE. You said: " + PROMPT, answer.getJsonArray("choices")
                .getJsonObject(0).getJsonObject("message").getString("content"));
        // ecdsa has one scheme, whatever version the client asked for
        assertEquals("ecdsa/v1", response.headers().firstValue("X-Verified-Proxy-E2ee").orElse(null));
        assertEquals(ECDSA, backend.lastChatHeaders().get("x-signing-algo"));
        assertEquals("pending", response.headers().firstValue("X-Verified-Proxy-Signature").orElse(null));
        assertEquals(PROMPT, backend.lastPrompt());
        assertFalse(new String(backend.lastChatBody(), StandardCharsets.UTF_8).contains("merger"),
                "the prompt crossed the wire encrypted");

        JsonObject check = calls().decided(answer.getString("id"));
        assertEquals("valid", check.getString("status"), check.toString());
        assertEquals(ItEnvironment.DOMAIN_A, check.getString("backend"));
        assertEquals(ItEnvironment.MODEL_A, check.getJsonObject("signature").getString("model"));
    }

    @Test
    void aStreamedChatRoundTripsEncryptedAndItsSignatureIsValid() throws Exception {
        HttpResponse<String> response = calls().chat("v2", ItEnvironment.MODEL_A, true);
        assertEquals(200, response.statusCode(), response.body());
        StringBuilder text = new StringBuilder();
        String id = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                JsonObject chunk = json(line.substring(6));
                assertFalse(chunk.containsKey("error"), line);
                id = id == null ? chunk.getString("id") : id;
                text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
            }
        }
        assertEquals("token0token1token2", text.toString());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        assertEquals("valid", calls().decided(id).getString("status"));
    }

    @Test
    void aWrongSignatureIsReportedInvalidAndATamperedAnswerIsRefused() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendB();
        try {
            backend.misbehave(Misbehaviour.WRONG_SIGNATURE);
            HttpResponse<String> response = calls().chat("v2", ItEnvironment.MODEL_B, false);
            assertEquals(200, response.statusCode(), response.body());
            JsonObject check = calls().decided(json(response.body()).getString("id"));
            assertEquals("invalid", check.getString("status"), check.toString());
            assertEquals("signature_invalid", check.getString("reason"));
            // ecdsa recovers the impostor's address; ed25519 does not verify under the attested key.
            assertTrue(java.util.Set.of("address_mismatch", "bad_signature").contains(check.getString("signatureFailure")),
                    check.toString());

            backend.misbehave(Misbehaviour.E2EE_TAMPERED_CIPHERTEXT);
            JsonObject error = assertOpenAiError(calls().chat("v2", ItEnvironment.MODEL_B, false), 502, "upstream_error");
            assertEquals("e2ee_decryption_failed", error.getString("code"));
        } finally {
            backend.misbehave(Misbehaviour.NONE);
        }
    }

    @Test
    void anUnknownChatIdIsAnOpenAiNotFound() throws Exception {
        HttpResponse<String> response = calls().http().send(HttpRequest.newBuilder(calls().uri("verify/chat/chatcmpl-nobody"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("chat_check_not_found", assertOpenAiError(response, 404, "not_found_error").getString("code"));
    }
}
