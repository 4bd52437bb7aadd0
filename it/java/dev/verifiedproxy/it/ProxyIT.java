package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import jakarta.json.JsonObject;
import org.bouncycastle.util.encoders.Hex;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged WAR, deployed in the server under test, proxies to simulated NEAR CVMs over real
 * TLS and attests each backend key on its connection before forwarding a byte.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProxyIT {

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

    private HttpResponse<String> chat(String model, String extraJson, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("v1/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]" + extraJson + "}"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChatCompletionIsAnsweredOverAnAttestedConnection() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        HttpResponse<String> response = chat(ItEnvironment.MODEL_A, "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("chat.completion", json(response.body()).getString("object"));
        assertEquals(ItEnvironment.DOMAIN_A, response.headers().firstValue("X-Verified-Proxy-Backend").orElse(null));
        assertEquals(Hex.toHexString(backend.spki(0)), response.headers().firstValue("X-Verified-Proxy-Spki").orElse(null));
        assertEquals("UpToDate", response.headers().firstValue("X-Verified-Proxy-Tcb-Status").orElse(null));
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void sequentialRequestsReuseOneVerifiedKey() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, chat(ItEnvironment.MODEL_A, "").statusCode());
        }
        assertEquals(1, backend.attestationRequests(), "one attestation for the whole run on this server");
        assertEquals(0, backend.bytesBeforeProof());
    }

    /**
     * Through the whole chain (backend → proxy in the server → client): the backend produces SSE
     * event i+1 only after this client has received event i.
     */
    @Test
    void streamedEventsReachTheClientBeforeTheNextIsProduced() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        String streamId = UUID.randomUUID().toString();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").header("X-Test-Stream-Id", streamId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + ItEnvironment.MODEL_A
                        + "\",\"stream\":true,\"n_events\":5}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        int events = 0;
        long previousReceived = 0;
        boolean done = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                long receivedAt = System.currentTimeMillis();
                if (line.equals("data: [DONE]")) {
                    done = true;
                    break;
                }
                JsonObject event = json(line.substring(6));
                assertFalse(event.containsKey("error"), line);
                long producedAt = event.getJsonNumber("producedAt").longValue();
                assertTrue(producedAt >= previousReceived, "event " + events + " was produced at " + producedAt
                        + ", before event " + (events - 1) + " reached the client at " + previousReceived);
                previousReceived = receivedAt;
                backend.ack(streamId, events++);
            }
        }
        assertTrue(done);
        assertEquals(5, events);
    }

    @Test
    void aBackendThatFailsAttestationReceivesNoClientByte() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendB();
        for (Misbehaviour mode : List.of(Misbehaviour.WRONG_SPKI, Misbehaviour.STALE_NONCE, Misbehaviour.INVALID_QUOTE,
                Misbehaviour.DEBUG_TD)) {
            backend.misbehave(mode);
            try {
                HttpResponse<String> response = chat(ItEnvironment.MODEL_B, "");
                JsonObject error = assertOpenAiError(response, 502, "upstream_error");
                assertEquals("attestation_failed", error.getString("code"), mode + ": " + response.body());
                assertTrue(error.getString("message").contains(ItEnvironment.DOMAIN_B), error.toString());
            } finally {
                backend.misbehave(Misbehaviour.NONE);
            }
        }
        assertEquals(0, backend.otherRequests(), "no request ever reached the misbehaving backend");
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void routingErrorsAreOpenAiErrors() throws Exception {
        assertEquals("model_not_found", assertOpenAiError(chat("no/such-model", ""), 404, "not_found_error").getString("code"));
        assertEquals("backend_domain_not_allowed", assertOpenAiError(chat(ItEnvironment.MODEL_A, "",
                "X-Backend-Domain", "attacker.example.com"), 403, "permission_error").getString("code"));
    }
}
