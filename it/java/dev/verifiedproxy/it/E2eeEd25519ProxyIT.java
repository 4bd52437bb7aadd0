package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.verifiedproxy.it.E2eeCalls.PROMPT;
import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same WAR deployed with context parameters for ed25519 and {@code encrypt-all-fields}: ed25519 v1
 * (NaCl box) and v2 (XChaCha20-Poly1305), JSON and SSE, with the exact scheme on the wire and in the
 * answer; completions; and a prompt E2EE cannot cover refused before anything is sent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class E2eeEd25519ProxyIT {

    private static final String ED25519 = "ed25519";

    @Deployment(testable = false)
    static WebArchive war() {
        return E2eeCalls.ed25519War();
    }

    @ArquillianResource
    URL reported;

    private E2eeCalls calls() {
        return new E2eeCalls(Deployments.base(reported, E2eeCalls.ED25519_WAR));
    }

    @Test
    void ed25519V1JsonChat() throws Exception {
        ed25519Chat("v1", false);
    }

    @Test
    void ed25519V1StreamedChat() throws Exception {
        ed25519Chat("v1", true);
    }

    @Test
    void ed25519V2JsonChat() throws Exception {
        ed25519Chat("v2", false);
    }

    @Test
    void ed25519V2StreamedChat() throws Exception {
        ed25519Chat("v2", true);
    }

    /** One chat through the ed25519 deployment: the exact scheme, on the wire and in the response header. */
    private void ed25519Chat(String version, boolean stream) throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        HttpResponse<String> response = calls().chat(version, ItEnvironment.MODEL_A, stream);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ed25519/" + version, response.headers().firstValue("X-Verified-Proxy-E2ee").orElse(null));
        Map<String, String> sent = backend.lastChatHeaders();
        assertEquals(ED25519, sent.get("x-signing-algo"));
        assertEquals(version.equals("v2") ? "2" : null, sent.get("x-encryption-version"));
        assertEquals(64, sent.get("x-client-pub-key").length(), "an Ed25519 client key");
        assertEquals("true", sent.get("x-encrypt-all-fields"), "the deployment's encrypt-all-fields");
        assertEquals(PROMPT, backend.lastPrompt());
        assertFalse(new String(backend.lastChatBody(), StandardCharsets.UTF_8).contains("merger"));
        String id;
        if (stream) {
            StringBuilder text = new StringBuilder();
            String first = null;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                    JsonObject chunk = json(line.substring(6));
                    assertFalse(chunk.containsKey("error"), line);
                    first = first == null ? chunk.getString("id") : first;
                    text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
                }
            }
            assertEquals("token0token1token2", text.toString());
            assertTrue(response.body().endsWith("data: [DONE]\n\n"));
            id = first;
        } else {
            JsonObject answer = json(response.body());
            assertEquals("Hello from a simulated TEE. You said: " + PROMPT, answer.getJsonArray("choices")
                    .getJsonObject(0).getJsonObject("message").getString("content"));
            id = answer.getString("id");
        }
        JsonObject check = calls().decided(id);
        assertEquals("valid", check.getString("status"), check.toString());
        assertEquals(ED25519, check.getJsonObject("signature").getString("signingAlgo"), check.toString());
    }

    @Test
    void completionsAreEncryptedThroughTheWar() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        HttpResponse<String> response = calls().post("v1/completions", "v2", "{\"model\":\"" + ItEnvironment.MODEL_A
                + "\",\"prompt\":\"" + PROMPT + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ed25519/v2", response.headers().firstValue("X-Verified-Proxy-E2ee").orElse(null));
        assertEquals("Completed: " + PROMPT, json(response.body()).getJsonArray("choices").getJsonObject(0)
                .getString("text"));
        assertFalse(new String(backend.lastRequestBody(), StandardCharsets.UTF_8).contains("merger"));
        assertEquals(PROMPT, backend.lastModelRequest().getString("prompt"));
    }

    @Test
    void aTokenIdPromptIsRefusedAndNotSent() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        long before = backend.otherRequests();
        JsonObject error = assertOpenAiError(calls().post("v1/completions", "v2", "{\"model\":\""
                + ItEnvironment.MODEL_A + "\",\"prompt\":[9906,11,1917]}"), 400, "invalid_request_error");
        assertEquals("e2ee_unsupported_body", error.getString("code"));
        assertEquals("prompt[0]", error.getString("param"));
        assertEquals(before, backend.otherRequests(), "nothing reached the backend");
    }
}
