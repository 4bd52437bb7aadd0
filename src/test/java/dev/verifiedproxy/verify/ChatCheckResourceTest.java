package dev.verifiedproxy.verify;

import dev.verifiedproxy.chatcheck.ChatCheckResult;
import dev.verifiedproxy.chatcheck.ChatCheckSettings;
import dev.verifiedproxy.chatcheck.ChatCheckStatus;
import dev.verifiedproxy.chatcheck.ChatCheckStore;
import dev.verifiedproxy.chatcheck.ChatExchange;
import dev.verifiedproxy.chatcheck.ChatSignatureVerifier;
import dev.verifiedproxy.chatcheck.ResponseCapture;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.proxy.ClientAuthenticator;
import dev.verifiedproxy.signature.ExactBytesHash;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.dcap.TestPki;
import dev.verifiedproxy.transport.AttestedConnectionPool;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.BackendEndpoint;
import dev.verifiedproxy.transport.BackendRequest;
import dev.verifiedproxy.transport.BackendResponse;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.TransportSettings;
import dev.verifiedproxy.transport.TransportTestSupport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /verify/chat/{id}}: the real resource over a real verifier that checked a real exchange. */
class ChatCheckResourceTest {

    private static final String DOMAIN = "model-a.completions.near.ai";

    private final SimulatedTeeBackend backend = SimulatedTeeBackend.start(TestPki.generate().forge(), "test/model-a");
    private final TransportSettings settings = new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(10), 4L * 1024 * 1024, "ed25519", Duration.ofHours(1), Duration.ZERO, 8,
            Duration.ofSeconds(30), Duration.ofSeconds(10));
    private final BackendClient client = new BackendClient(new AttestedConnectionPool(
            TransportTestSupport.bindingOnlyAttestor(), settings, Clock.systemUTC()), settings);
    private final ChatSignatureVerifier verifier = new ChatSignatureVerifier(client,
            new ChatCheckSettings(1, 10, 3, Duration.ofMillis(50), 4), new ChatCheckStore(100, Duration.ofHours(1),
            Clock.systemUTC()), Clock.systemUTC());
    private final ChatCheckResource resource = new ChatCheckResource();

    ChatCheckResourceTest() {
        resource.verifier = verifier;
        resource.authenticator = ClientAuthenticator.of(config(Map.of()));
    }

    private static ProxyConfig config(Map<String, String> environment) {
        return ProxyConfig.load(List.of(ConfigSource.environment(environment)));
    }

    @AfterEach
    void stop() {
        verifier.close();
        client.close();
        backend.close();
    }

    @Test
    void aCheckedAnswerIsDescribedAndAnUnknownIdIsAnOpenAiNotFound() throws Exception {
        BackendTarget target = new BackendTarget(new BackendEndpoint(DOMAIN, "127.0.0.1", backend.port()),
                BackendRole.MODEL, "test/model-a", Map.of());
        byte[] request = "{\"model\":\"test/model-a\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        ResponseCapture capture = new ResponseCapture(false, 1 << 20);
        ChatExchange exchange;
        try (BackendResponse response = client.send(target, new BackendRequest("POST", "/v1/chat/completions",
                List.of(Map.entry("Content-Type", "application/json")), request))) {
            capture.update(response.body().readAllBytes());
            exchange = new ChatExchange(capture.chatId().orElseThrow(), ExactBytesHash.sha256Hex(request),
                    capture.sha256(), true, target, response.verification(), SigningAlgo.ED25519, Map.of(), Instant.now());
        }
        verifier.submit(exchange);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (verifier.result(exchange.chatId()).map(ChatCheckResult::status).orElseThrow() == ChatCheckStatus.PENDING
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        JsonObject json = Json.createReader(new StringReader(resource.result(exchange.chatId(), null))).readObject();
        assertEquals(exchange.chatId(), json.getString("id"));
        assertEquals("valid", json.getString("status"));
        assertTrue(json.getBoolean("valid"));
        assertEquals(JsonValue.NULL, json.get("reason"));
        assertEquals(DOMAIN, json.getString("backend"));
        assertEquals("test/model-a", json.getString("attestedModel"));
        assertEquals(exchange.responseSha256(), json.getString("responseSha256"));
        JsonObject signature = json.getJsonObject("signature");
        assertTrue(signature.getBoolean("valid"));
        assertEquals("ed25519", signature.getString("signingAlgo"));
        assertEquals(backend.signingKeys().signingAddress(SigningAlgo.ED25519), signature.getString("recoveredAddress"));
        assertTrue(signature.getBoolean("requestHashMatches") && signature.getBoolean("responseHashMatches"));
        assertEquals("test/model-a", signature.getString("model"));

        ApiException unknown = assertThrows(ApiException.class, () -> resource.result("chatcmpl-unknown", null));
        assertEquals(404, unknown.error().status());
        assertEquals("not_found_error", unknown.error().type());
        assertEquals("chat_check_not_found", unknown.error().code());
        assertEquals(Optional.empty(), verifier.result("chatcmpl-unknown"));
    }

    @Test
    void anAnswerThatWasNotCheckedSaysWhy() {
        ChatExchange incomplete = dev.verifiedproxy.chatcheck.ChatCheckStoreTest.exchange("chatcmpl-broken");
        verifier.submit(incomplete);
        JsonObject json = Json.createReader(new StringReader(resource.result("chatcmpl-broken", null))).readObject();
        assertEquals("unverified", json.getString("status"));
        assertEquals("response_incomplete", json.getString("reason"));
        assertEquals(JsonValue.NULL, json.get("signature"));
        assertTrue(json.getString("error").contains("did not complete"), json.toString());
    }

    /** The result names the backend and hashes a client's prompt and answer: only clients of the proxy see it. */
    @Test
    void clientsAuthenticateAsForV1() {
        resource.authenticator = ClientAuthenticator.of(config(Map.of("VERIFIEDPROXY_CLIENT_AUTH", "token",
                "VERIFIEDPROXY_CLIENT_TOKENS", "tok-1", "VERIFIEDPROXY_UPSTREAM_API_KEY", "sk-held")));
        verifier.submit(dev.verifiedproxy.chatcheck.ChatCheckStoreTest.exchange("chatcmpl-known"));
        for (String id : List.of("chatcmpl-known", "chatcmpl-unknown")) {
            for (String authorization : java.util.Arrays.asList(null, "Bearer tok-2", "Basic YWxpY2U6eA==")) {
                ApiException refused = assertThrows(ApiException.class, () -> resource.result(id, authorization),
                        id + " with " + authorization);
                assertEquals(401, refused.error().status());
                assertEquals("proxy_authentication_required", refused.error().code());
            }
        }
        JsonObject json = Json.createReader(new StringReader(resource.result("chatcmpl-known", "Bearer tok-1"))).readObject();
        assertEquals("chatcmpl-known", json.getString("id"));
        assertEquals("chat_check_not_found", assertThrows(ApiException.class,
                () -> resource.result("chatcmpl-unknown", "Bearer tok-1")).error().code());
    }
}
