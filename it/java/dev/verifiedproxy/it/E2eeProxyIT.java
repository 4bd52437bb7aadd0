package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Scanner;
import java.util.stream.Collectors;

import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the deployed WAR: the application sends plaintext, the proxy encrypts it to the attested
 * model key of the simulated CVM and decrypts the answer (JSON and SSE), and it checks each
 * answer's signature in the background, reported at {@code GET /verify/chat/{id}}. Both are asked
 * for per request. Two deployments cover the three schemes: the packaged WAR as the suite runs it
 * (signing algorithm ecdsa: ECIES), and the same WAR with context parameters for ed25519 (NaCl box
 * for v1, XChaCha20-Poly1305 for v2) and {@code encrypt-all-fields}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class E2eeProxyIT {

    private static final String PROMPT = "Between us: the merger closes on Friday.";
    private static final String ECDSA = "ecdsa";
    private static final String ED25519 = "ed25519";

    @Deployment(name = ECDSA, testable = false, order = 1)
    static WebArchive war() {
        return Deployments.packagedWar();
    }

    /** The packaged WAR with its own context parameters: they apply where no system property sets the key. */
    @Deployment(name = ED25519, testable = false, order = 2)
    static WebArchive ed25519War() {
        WebArchive war = Deployments.packagedWar("verified-proxy-ed25519.war");
        String webXml;
        try (Scanner scanner = new Scanner(war.get("WEB-INF/web.xml").getAsset().openStream(), StandardCharsets.UTF_8)) {
            webXml = scanner.useDelimiter("\\A").next();
        }
        String params = Map.of("verifiedproxy.attestation.signing-algo", "ed25519",
                        "verifiedproxy.e2ee.encrypt-all-fields", "true").entrySet().stream()
                .map(p -> "  <context-param><param-name>" + p.getKey() + "</param-name><param-value>" + p.getValue()
                        + "</param-value></context-param>\n").collect(Collectors.joining());
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml.replace("<display-name>verified-proxy</display-name>",
                "<display-name>verified-proxy</display-name>\n" + params)));
        return war;
    }

    @ArquillianResource
    @OperateOnDeployment(ECDSA)
    URL ecdsaUrl;

    @ArquillianResource
    @OperateOnDeployment(ED25519)
    URL ed25519Url;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private URI uri(String path) {
        return uri(ECDSA, path);
    }

    private URI uri(String deployment, String path) {
        return Deployments.base(deployment.equals(ED25519) ? ed25519Url : ecdsaUrl).resolve(path);
    }

    private HttpResponse<String> chat(String model, boolean stream) throws Exception {
        return chat(ECDSA, "v2", model, stream);
    }

    private HttpResponse<String> chat(String deployment, String version, String model, boolean stream) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"n_events\":3,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + PROMPT + "\"}]}";
        return post(deployment, "v1/chat/completions", version, body);
    }

    private HttpResponse<String> post(String deployment, String path, String version, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(deployment, path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-Verified-Proxy-E2ee", version)
                .header("X-Verified-Proxy-Verify-Signature", "true")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code GET /verify/chat/{id}} (bounded) until the check is decided. */
    private JsonObject decided(String id) throws Exception {
        return decided(ECDSA, id);
    }

    private JsonObject decided(String deployment, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject result;
        do {
            Thread.sleep(100);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(deployment, "verify/chat/" + id))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            result = json(response.body());
        } while (result.getString("status").equals("pending") && System.nanoTime() < deadline);
        return result;
    }

    @Test
    void aJsonChatRoundTripsEncryptedAndItsSignatureIsValid() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        HttpResponse<String> response = chat(ItEnvironment.MODEL_A, false);
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

        JsonObject check = decided(answer.getString("id"));
        assertEquals("valid", check.getString("status"), check.toString());
        assertEquals(ItEnvironment.DOMAIN_A, check.getString("backend"));
        assertEquals(ItEnvironment.MODEL_A, check.getJsonObject("signature").getString("model"));
    }

    @Test
    void aStreamedChatRoundTripsEncryptedAndItsSignatureIsValid() throws Exception {
        HttpResponse<String> response = chat(ItEnvironment.MODEL_A, true);
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
        assertEquals("valid", decided(id).getString("status"));
    }

    @Test
    void aWrongSignatureIsReportedInvalidAndATamperedAnswerIsRefused() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendB();
        try {
            backend.misbehave(Misbehaviour.WRONG_SIGNATURE);
            HttpResponse<String> response = chat(ItEnvironment.MODEL_B, false);
            assertEquals(200, response.statusCode(), response.body());
            JsonObject check = decided(json(response.body()).getString("id"));
            assertEquals("invalid", check.getString("status"), check.toString());
            assertEquals("signature_invalid", check.getString("reason"));
            // ecdsa recovers the impostor's address; ed25519 does not verify under the attested key.
            assertTrue(java.util.Set.of("address_mismatch", "bad_signature").contains(check.getString("signatureFailure")),
                    check.toString());

            backend.misbehave(Misbehaviour.E2EE_TAMPERED_CIPHERTEXT);
            JsonObject error = assertOpenAiError(chat(ItEnvironment.MODEL_B, false), 502, "upstream_error");
            assertEquals("e2ee_decryption_failed", error.getString("code"));
        } finally {
            backend.misbehave(Misbehaviour.NONE);
        }
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
        HttpResponse<String> response = chat(ED25519, version, ItEnvironment.MODEL_A, stream);
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
        JsonObject check = decided(ED25519, id);
        assertEquals("valid", check.getString("status"), check.toString());
        assertEquals(ED25519, check.getJsonObject("signature").getString("signingAlgo"), check.toString());
    }

    @Test
    void completionsAreEncryptedThroughTheWar() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        HttpResponse<String> response = post(ED25519, "v1/completions", "v2", "{\"model\":\"" + ItEnvironment.MODEL_A
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
        JsonObject error = assertOpenAiError(post(ED25519, "v1/completions", "v2", "{\"model\":\""
                + ItEnvironment.MODEL_A + "\",\"prompt\":[9906,11,1917]}"), 400, "invalid_request_error");
        assertEquals("e2ee_unsupported_body", error.getString("code"));
        assertEquals("prompt[0]", error.getString("param"));
        assertEquals(before, backend.otherRequests(), "nothing reached the backend");
    }

    @Test
    void anUnknownChatIdIsAnOpenAiNotFound() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("verify/chat/chatcmpl-nobody"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("chat_check_not_found", assertOpenAiError(response, 404, "not_found_error").getString("code"));
    }
}
