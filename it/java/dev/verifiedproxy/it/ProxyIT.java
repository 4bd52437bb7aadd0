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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged WAR, deployed in the server under test, proxies to simulated NEAR CVMs over real
 * TLS and attests each backend key on its connection before forwarding a byte. Every test that
 * counts what reaches a backend has a backend of its own ({@link DedicatedBackends}), so the counts
 * hold in any order of tests and IT classes; "no byte before proof" is checked on keys nobody
 * else ever proved.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProxyIT {

    private static final Pattern FAILED_CHECK = Pattern.compile("\\(check ([a-z_]+)\\): model: ([a-z_]+)");

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

    private static String spki(HttpResponse<?> response) {
        return response.headers().firstValue("X-Verified-Proxy-Spki").orElse(null);
    }

    @Test
    void aFirstRequestIsAttestedOnItsOwnConnectionAndLaterOnesReuseIt() throws Exception {
        DedicatedBackends.Dedicated dedicated = DedicatedBackends.FIRST_CONTACT;
        SimulatedTeeBackend backend = dedicated.backend();
        HttpResponse<String> response = chat(dedicated.model(), "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("chat.completion", json(response.body()).getString("object"));
        assertEquals(dedicated.domain(), response.headers().firstValue("X-Verified-Proxy-Backend").orElse(null));
        assertEquals(Hex.toHexString(backend.spki(0)), spki(response));
        assertEquals("UpToDate", response.headers().firstValue("X-Verified-Proxy-Tcb-Status").orElse(null));
        assertEquals(1, backend.attestationRequests());
        assertEquals(1, backend.connections());

        for (int i = 0; i < 10; i++) {
            assertEquals(200, chat(dedicated.model(), "").statusCode());
        }
        assertEquals(1, backend.attestationRequests(), "no further attestation once the key is verified");
        assertEquals(1, backend.connections(), "the verified keep-alive connection is reused");
        assertEquals(11, backend.otherRequests());
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

    /**
     * The ways a backend can fail before the proxy may use it (issue 4), each with what the client is told:
     * for a report that does not verify, the failed check and its reason; otherwise why there was no report.
     */
    enum AttestationFailure {
        REPORT_FOR_ANOTHER_TLS_KEY(Misbehaviour.WRONG_SPKI, 502, "attestation_failed",
                "live_tls_spki", "tls_fingerprint_mismatch"),
        REPORT_FOR_ANOTHER_NONCE(Misbehaviour.STALE_NONCE, 502, "attestation_failed",
                "request_nonce", "request_nonce_mismatch"),
        REPORT_DATA_NOT_BINDING_THE_KEY(Misbehaviour.UNBOUND_REPORT_DATA, 502, "attestation_failed",
                "report_data", "report_data_key_mismatch"),
        INVALID_QUOTE(Misbehaviour.INVALID_QUOTE, 502, "attestation_failed", "intel_quote", "quote_signature_invalid"),
        DEBUG_TD(Misbehaviour.DEBUG_TD, 502, "attestation_failed", "td_debug", "debug_td"),
        DISALLOWED_TCB_STATUS(Misbehaviour.OUT_OF_DATE_TCB, 502, "attestation_failed",
                "tcb_status", "tcb_status_not_allowed"),
        ATTESTATION_ENDPOINT_ERROR(Misbehaviour.ATTESTATION_ERROR, 502, "attestation_unavailable",
                null, "GET /v1/attestation/report answered HTTP 500"),
        /** 504 like every backend that does not answer in time (README, errors of the proxy). */
        ATTESTATION_TIMEOUT(Misbehaviour.ATTESTATION_TIMEOUT, 504, "upstream_timeout",
                null, "no attestation report within"),
        OVERSIZED_ATTESTATION_BODY(Misbehaviour.OVERSIZED_REPORT, 502, "attestation_unavailable",
                null, "attestation report larger than");

        final Misbehaviour misbehaviour;
        final int status;
        final String code;
        /** The check the message names, for a report that was judged; null when there was none to judge. */
        final String check;
        /** The check's reason code, or the words that say why there was no report. */
        final String reason;

        AttestationFailure(Misbehaviour misbehaviour, int status, String code, String check, String reason) {
            this.misbehaviour = misbehaviour;
            this.status = status;
            this.code = code;
            this.check = check;
            this.reason = reason;
        }
    }

    /**
     * On a backend no other test reaches, under a TLS key it never had before (rotated first, so no earlier
     * report proved it): the client gets the named failure and the backend gets no request, not one byte.
     */
    @ParameterizedTest
    @EnumSource(AttestationFailure.class)
    void aBackendThatFailsAttestationReceivesNoClientByte(AttestationFailure failure) throws Exception {
        DedicatedBackends.Dedicated dedicated = DedicatedBackends.FAILING;
        SimulatedTeeBackend backend = dedicated.backend();
        backend.rotateKey(0);
        long attestations = backend.attestationRequests();
        backend.misbehave(failure.misbehaviour);
        HttpResponse<String> response;
        try {
            response = chat(dedicated.model(), "");
        } finally {
            backend.misbehave(Misbehaviour.NONE);
        }
        JsonObject error = assertOpenAiError(response, failure.status, "upstream_error");
        assertEquals(failure.code, error.getString("code"), response.body());
        String message = error.getString("message");
        assertTrue(message.contains(dedicated.domain()), message);
        if (failure.check != null) {
            Matcher named = FAILED_CHECK.matcher(message);
            assertTrue(named.find(), message);
            assertEquals(failure.check, named.group(1), message);
            assertEquals(failure.reason, named.group(2), message);
        } else {
            assertTrue(message.contains(failure.reason), message);
        }
        assertTrue(backend.attestationRequests() > attestations, "the proxy asked this backend for a report");
        assertEquals(0, backend.otherRequests(), "no request ever reached the failing backend");
        assertEquals(0, backend.bytesBeforeProof());
    }

    /** An SSE chat the backend holds open until the test acknowledges each event: it keeps its connection busy. */
    private final class HeldStream implements AutoCloseable {
        private final SimulatedTeeBackend backend;
        private final String id = UUID.randomUUID().toString();
        private final HttpResponse<InputStream> response;
        private final BufferedReader reader;
        private int events;

        HeldStream(DedicatedBackends.Dedicated dedicated) throws Exception {
            backend = dedicated.backend();
            response = http.send(HttpRequest.newBuilder(uri("v1/chat/completions")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("X-Test-Stream-Id", id)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + dedicated.model()
                            + "\",\"stream\":true,\"n_events\":2}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            nextEvent(); // the first event is through: the backend now waits, its connection in use
        }

        private String nextEvent() throws Exception {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    return line.substring(6);
                }
            }
            return null;
        }

        String spki() {
            return ProxyIT.spki(response);
        }

        /**
         * Lets the backend finish; the stream must end cleanly. Read to its very end: the proxy gives the
         * backend connection back to its pool before it ends the answer, so the next request finds it there.
         */
        @Override
        public void close() throws Exception {
            try (reader) {
                for (String event = ""; !"[DONE]".equals(event); event = nextEvent()) {
                    assertTrue(event != null && !event.contains("error"), "the held stream ended badly: " + event);
                    backend.ack(id, events++);
                }
                assertEquals(null, nextEvent());
            }
        }
    }

    /**
     * A new TLS key behind a name (certificate renewal) is attested on first sight: the verified connection
     * with the old key keeps serving, the first connection with the new key is attested before it carries a
     * request.
     */
    @Test
    void aRotatedKeyIsAttestedBeforeItCarriesARequest() throws Exception {
        DedicatedBackends.Dedicated dedicated = DedicatedBackends.ROTATING;
        SimulatedTeeBackend backend = dedicated.backend();
        String oldKey = Hex.toHexString(backend.spki(0));
        assertEquals(oldKey, spki(chat(dedicated.model(), "")));
        assertEquals(1, backend.attestationRequests());

        backend.rotateKey(0);
        String newKey = Hex.toHexString(backend.spki(0));
        try (HeldStream onOldConnection = new HeldStream(dedicated)) {
            assertEquals(oldKey, onOldConnection.spki(), "the idle verified connection carries on with the old key");
            HttpResponse<String> onNewConnection = chat(dedicated.model(), "");
            assertEquals(200, onNewConnection.statusCode(), onNewConnection.body());
            assertEquals(newKey, spki(onNewConnection));
        }
        assertEquals(2, backend.attestationRequests(), "the new key was attested once");
        assertEquals(0, backend.bytesBeforeProof());
    }

    /** Two CVMs behind one name (NEAR's L4 router): each key is attested once, then both are reused as verified. */
    @Test
    void twoCvmsBehindOneNameAreEachAttestedOnce() throws Exception {
        DedicatedBackends.Dedicated dedicated = DedicatedBackends.TWO_CVMS;
        SimulatedTeeBackend backend = dedicated.backend();
        Set<String> bothKeys = Set.of(Hex.toHexString(backend.spki(0)), Hex.toHexString(backend.spki(1)));
        Set<String> seen = new java.util.HashSet<>();
        for (int round = 0; round < 3; round++) {
            // Two requests at once need two connections, and the router alternates CVMs per new connection; a
            // pooled connection the server closed meanwhile is replaced by a new one, which may land on either CVM.
            try (HeldStream first = new HeldStream(dedicated); HeldStream second = new HeldStream(dedicated)) {
                assertTrue(bothKeys.containsAll(List.of(first.spki(), second.spki())), "round " + round);
                seen.add(first.spki());
                seen.add(second.spki());
            }
            assertEquals(seen.size(), backend.attestationRequests(), "round " + round + ": one attestation per CVM key seen");
        }
        assertEquals(bothKeys, seen, "both CVMs answered, each over its own attested key");
        assertTrue(backend.handshakes(0) >= 1 && backend.handshakes(1) >= 1);
        assertEquals(0, backend.bytesBeforeProof());
    }

    /** Requests arriving together at a backend never seen: they wait for one attestation, and all go through. */
    @Test
    void concurrentFirstRequestsShareOneAttestation() throws Exception {
        DedicatedBackends.Dedicated dedicated = DedicatedBackends.CROWDED;
        SimulatedTeeBackend backend = dedicated.backend();
        int clients = 6;
        // Long enough that the others arrive while the first attestation is still in progress.
        backend.attestationDelay(Duration.ofMillis(1500));
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return chat(dedicated.model(), "");
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(Hex.toHexString(backend.spki(0)), spki(response));
            }
        } finally {
            threads.shutdownNow();
            backend.attestationDelay(Duration.ofMillis(20));
        }
        assertTrue(backend.connections() >= 2, "the requests overlapped (connections: " + backend.connections() + ")");
        assertEquals(1, backend.attestationRequests(), "one attestation for all concurrent first requests");
        assertEquals(clients, backend.otherRequests());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void routingErrorsAreOpenAiErrors() throws Exception {
        assertEquals("model_not_found", assertOpenAiError(chat("no/such-model", ""), 404, "not_found_error").getString("code"));
        assertEquals("backend_domain_not_allowed", assertOpenAiError(chat(ItEnvironment.MODEL_A, "",
                "X-Backend-Domain", "attacker.example.com"), 403, "permission_error").getString("code"));
    }
}
