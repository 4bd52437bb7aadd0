package dev.verifiedproxy.proxy;

import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.verify.JsonBodies;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forwarding logic, with the real router, the attested client and a simulated CVM; no server. */
class ProxyServiceTest extends ProxyBedTest {

    private static final String DOMAIN = ProxyTestBed.DOMAIN;

    private SimulatedTeeBackend backend;

    private ProxyService proxy(Map<String, String> settings) {
        backend = start(settings).backend;
        return bed.proxy;
    }

    @SafeVarargs
    private static ProxiedRequest post(String path, String body, Map.Entry<String, String>... headers) {
        return ProxyTestBed.post(path, body, headers);
    }

    private static String entity(Response response) throws IOException {
        return ProxyTestBed.entity(response);
    }

    @Test
    void forwardsTheExactBodyAndSafeHeadersAndReportsTheVerification() throws Exception {
        ProxyService proxy = proxy(Map.of());
        String body = "{\n  \"model\": \"test/model-a\",  \"messages\": [ ]\n}";
        Response response = proxy.forward(post("v1/echo", body, Map.entry("Authorization", "Bearer sk-client"),
                Map.entry("X-Request-Id", "r-1"), Map.entry("Cookie", "s=1"), Map.entry("Connection", "close")));
        assertEquals(200, response.getStatus());
        JsonObject echo = Json.createReader(new StringReader(entity(response))).readObject();
        assertEquals(body, new String(Base64.getDecoder().decode(echo.getString("body_base64")), StandardCharsets.UTF_8));
        JsonObject headers = echo.getJsonObject("headers");
        assertEquals("Bearer sk-client", headers.getString("authorization"), "the client's own key passes through");
        assertEquals(DOMAIN, headers.getString("host"));
        assertEquals("identity", headers.getString("accept-encoding"));
        assertEquals("r-1", headers.getString("x-request-id"));
        assertFalse(headers.containsKey("cookie"));
        assertEquals(DOMAIN, response.getHeaderString(ProxyHeaders.BACKEND));
        assertEquals(Hex.toHexString(backend.spki(0)), response.getHeaderString(ProxyHeaders.SPKI));
        assertEquals("UpToDate", response.getHeaderString(ProxyHeaders.TCB_STATUS));
        assertEquals("test/model-a", response.getHeaderString(ProxyHeaders.ATTESTED_MODEL));
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void aHeldKeyReplacesTheClientsCredentialAndClientsNeedAToken() throws Exception {
        ProxyService proxy = proxy(Map.of("VERIFIEDPROXY_UPSTREAM_API_KEY", "sk-held", "VERIFIEDPROXY_CLIENT_AUTH", "token",
                "VERIFIEDPROXY_CLIENT_TOKENS", "tok-1,tok-2"));
        ApiException missing = assertThrows(ApiException.class, () -> proxy.forward(post("v1/echo", "{\"model\":\"test/model-a\"}")));
        assertEquals(401, missing.error().status());
        ApiException wrong = assertThrows(ApiException.class, () -> proxy.forward(post("v1/echo",
                "{\"model\":\"test/model-a\"}", Map.entry("Authorization", "Bearer tok-3"))));
        assertEquals(401, wrong.error().status());
        assertEquals(0, backend.connections(), "unauthenticated requests never reach a backend");

        Response response = proxy.forward(post("v1/echo", "{\"model\":\"test/model-a\"}", Map.entry("Authorization", "Bearer tok-2")));
        JsonObject headers = Json.createReader(new StringReader(entity(response))).readObject().getJsonObject("headers");
        assertEquals("Bearer sk-held", headers.getString("authorization"));
    }

    @Test
    void streamsServerSentEventsAsTheyArrive() throws Exception {
        ProxyService proxy = proxy(Map.of());
        String streamId = "p-" + System.nanoTime();
        Response response = proxy.forward(post("v1/chat/completions",
                "{\"model\":\"test/model-a\",\"stream\":true,\"n_events\":3}", Map.entry("X-Test-Stream-Id", streamId)));
        assertTrue(response.getHeaderString("Content-Type").startsWith("text/event-stream"));
        assertEquals("no-cache", response.getHeaderString("Cache-Control"));
        List<String> events = new java.util.ArrayList<>();
        // Acknowledge each event as the proxy writes it: the backend produces the next one only then.
        OutputStream client = new OutputStream() {
            private final StringBuilder pending = new StringBuilder();

            @Override
            public void write(int b) {
                pending.append((char) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.append(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                int end;
                while ((end = pending.indexOf("\n\n")) >= 0) {
                    String event = pending.substring(0, end);
                    pending.delete(0, end + 2);
                    if (!event.equals("data: [DONE]")) {
                        backend.ack(streamId, events.size());
                    }
                    events.add(event);
                }
            }
        };
        ((StreamingOutput) response.getEntity()).write(client);
        assertEquals(4, events.size(), events.toString());
        assertEquals("data: [DONE]", events.get(3));
        assertFalse(String.join("", events).contains("not acknowledged"));
    }

    @Test
    void aClientThatGoesAwayCancelsTheUpstreamRequest() throws Exception {
        ProxyService proxy = proxy(Map.of());
        Response response = proxy.forward(post("v1/chat/completions", "{\"model\":\"test/model-a\",\"stream\":true,\"n_events\":100}"));
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client disconnected");
            }
        };
        assertThrows(IOException.class, () -> ((StreamingOutput) response.getEntity()).write(gone));
        // The backend connection was closed, not returned: the next request needs a new connection.
        entity(proxy.forward(post("v1/echo", "{\"model\":\"test/model-a\"}")));
        assertEquals(2, backend.connections());
    }

    @Test
    void aBrokenUpstreamStreamEndsWithAnErrorEvent() throws Exception {
        ProxyService proxy = proxy(Map.of());
        Response response = proxy.forward(post("v1/chat/completions",
                "{\"model\":\"test/model-a\",\"stream\":true,\"n_events\":6,\"abort_midway\":true}"));
        String stream = entity(response);
        assertTrue(stream.contains("upstream_stream_interrupted"), stream);
        assertFalse(stream.contains("[DONE]"));
    }

    @Test
    void failuresAreOpenAiErrorsNamingTheBackendAndTheCheck() throws Exception {
        ProxyService proxy = proxy(Map.of());
        backend.misbehave(Misbehaviour.WRONG_SPKI);
        ApiException attestation = assertThrows(ApiException.class, () -> proxy.forward(post("v1/chat/completions",
                "{\"model\":\"test/model-a\"}")));
        assertEquals(502, attestation.error().status());
        assertEquals("attestation_failed", attestation.error().code());
        assertTrue(attestation.getMessage().contains(DOMAIN) && attestation.getMessage().contains("tls_binding"),
                attestation.getMessage());
        assertEquals(0, backend.otherRequests());

        assertEquals(404, assertThrows(ApiException.class, () -> proxy.forward(post("v1/chat/completions",
                "{\"model\":\"nope/model\"}"))).error().status());
        ApiException notAllowed = assertThrows(ApiException.class, () -> proxy.forward(post("v1/chat/completions",
                "{\"model\":\"test/model-a\"}", Map.entry("X-Backend-Domain", "attacker.example.com"))));
        assertEquals(403, notAllowed.error().status());
        assertEquals("X-Backend-Domain", notAllowed.error().param());
        ApiException tooLarge = assertThrows(ApiException.class, () -> proxy.forward(post("v1/chat/completions",
                "{\"model\":\"test/model-a\",\"x\":\"" + "a".repeat(70_000) + "\"}")));
        assertEquals(413, tooLarge.error().status());
    }

    @Test
    void modelsAreListedFromTheRegistryInDirectMode() throws Exception {
        ProxyService proxy = proxy(Map.of());
        Response response = proxy.forward(new ProxiedRequest("GET", "v1/models", null, List.of(), null, null));
        JsonObject list = Json.createReader(new StringReader((String) response.getEntity())).readObject();
        assertEquals("test/model-a", list.getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals(0, backend.connections());
    }

    /** A client that breaks off its upload: the container's read fails after part of the body. */
    private static InputStream brokenOff(String received) {
        return new SequenceInputStream(new ByteArrayInputStream(received.getBytes(StandardCharsets.UTF_8)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset by peer");
            }
        });
    }

    @Test
    void anUploadTheClientBreaksOffIsA400AndNothingGoesUpstream() throws Exception {
        ProxyService proxy = proxy(Map.of());
        String partial = "{\"model\":\"test/model-a\",\"messages\":[{\"role\":\"user\",\"content\":\"hel";
        ApiException failed = assertThrows(ApiException.class, () -> proxy.forward(new ProxiedRequest("POST",
                "v1/chat/completions", null, List.of(Map.entry("Content-Type", "application/json")), brokenOff(partial), null)));
        assertEquals(400, failed.error().status());
        assertEquals(JsonBodies.INCOMPLETE_CODE, failed.error().code());

        // A container that ends the broken-off body with a plain end of stream: the declared length tells.
        ApiException shortBody = assertThrows(ApiException.class, () -> proxy.forward(new ProxiedRequest("POST",
                "v1/chat/completions", null, List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("Content-Length", "4096")), new ByteArrayInputStream(partial.getBytes(StandardCharsets.UTF_8)), null)));
        assertEquals(JsonBodies.INCOMPLETE_CODE, shortBody.error().code());
        assertEquals(0, backend.connections(), "nothing was sent upstream");

        String whole = "{\"model\":\"test/model-a\"}";
        Response complete = proxy.forward(new ProxiedRequest("POST", "v1/echo", null, List.of(
                Map.entry("Content-Type", "application/json"), Map.entry("Content-Length", Integer.toString(whole.length()))),
                new ByteArrayInputStream(whole.getBytes(StandardCharsets.UTF_8)), null));
        assertEquals(200, complete.getStatus(), "a body of its declared length is forwarded");
        entity(complete);
    }

    /** Answers without a body by definition give their verified connection back to the pool. */
    @Test
    void headAndNoContentAnswersKeepTheirVerifiedConnection() throws Exception {
        ProxyService proxy = proxy(Map.of());
        List<Map.Entry<String, String>> toBackend = List.of(Map.entry("X-Backend-Domain", DOMAIN));
        for (int i = 0; i < 3; i++) {
            Response head = proxy.forward(new ProxiedRequest("HEAD", "v1/models", null, toBackend, null, null));
            assertEquals(200, head.getStatus());
            assertEquals(null, head.getEntity());
            Response noContent = proxy.forward(post("v1/echo", "{\"model\":\"test/model-a\"}",
                    Map.entry("X-Test-No-Content", "1")));
            assertEquals(204, noContent.getStatus());
        }
        Response after = proxy.forward(post("v1/echo", "{\"model\":\"test/model-a\"}"));
        assertEquals(200, after.getStatus());
        entity(after);
        assertEquals(1, backend.connections(), "one verified connection carried every exchange");
        assertEquals(1, backend.attestationRequests());
        assertEquals(7, backend.otherRequests());
    }

    static String sha256(byte[] bytes) throws Exception {
        return Hex.toHexString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
