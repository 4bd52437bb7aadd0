package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attested pool against a simulated CVM over real TLS on loopback. */
class AttestedTransportTest {

    private static final String DOMAIN = "model-a.completions.near.ai";
    private static TestPki pki;

    private SimulatedTeeBackend backend;
    private AttestedConnectionPool pool;
    private BackendClient client;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @BeforeAll
    static void pki() {
        pki = TestPki.generate();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(int cvms, TransportSettings settings) {
        backend = SimulatedTeeBackend.start(pki.forge(), "test/model-a", SimulatedTeeBackend.Shape.DIRECT, cvms, 0);
        pool = new AttestedConnectionPool(new BindingOnlyAttestor(), settings, clock);
        client = new BackendClient(pool, settings);
    }

    private void start(int cvms) {
        start(cvms, settings(Duration.ofHours(1), Duration.ZERO));
    }

    private static TransportSettings settings(Duration ttl, Duration backoff) {
        return new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10), 4L * 1024 * 1024,
                "ecdsa", ttl, backoff, 8, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    private BackendTarget target() {
        return new BackendTarget(new BackendEndpoint(DOMAIN, "127.0.0.1", backend.port()), BackendRole.MODEL,
                "test/model-a", Map.of());
    }

    private String get(String path) throws Exception {
        try (BackendResponse response = client.send(target(), new BackendRequest("GET", path, List.of(), null))) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(200, response.status(), body);
            return body;
        }
    }

    @Test
    void sequentialRequestsCostOneHandshakeAndOneAttestation() throws Exception {
        start(1);
        for (int i = 0; i < 20; i++) {
            assertTrue(get("/v1/models").contains("test/model-a"));
        }
        assertEquals(1, pool.stats().handshakes());
        assertEquals(1, pool.stats().attestations());
        assertEquals(1, backend.connections());
        assertEquals(1, backend.attestationRequests());
        assertEquals(20, backend.otherRequests());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void concurrentFirstRequestsCauseExactlyOneAttestation() throws Exception {
        start(1);
        backend.attestationDelay(Duration.ofMillis(500));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(executor.submit((Callable<String>) () -> get("/v1/models")));
            }
            for (Future<String> result : results) {
                assertTrue(result.get().contains("test/model-a"));
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(1, backend.attestationRequests());
        assertEquals(1, pool.stats().attestations());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void twoCvmsBehindOneNameAreEachVerifiedOnce() throws Exception {
        start(2, new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10),
                4L * 1024 * 1024, "ecdsa", Duration.ofHours(1), Duration.ZERO, 0, Duration.ofSeconds(30), Duration.ofSeconds(10)));
        // No idle connections are kept (max idle 0): every request opens a connection, and the
        // simulated router alternates the two CVMs' TLS keys.
        for (int i = 0; i < 6; i++) {
            get("/v1/models");
        }
        assertEquals(6, backend.connections());
        assertEquals(3, backend.handshakes(0));
        assertEquals(3, backend.handshakes(1));
        assertEquals(2, backend.attestationRequests());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void aRotatedKeyIsVerifiedBeforeUse() throws Exception {
        start(1, new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10),
                4L * 1024 * 1024, "ecdsa", Duration.ofHours(1), Duration.ZERO, 0, Duration.ofSeconds(30), Duration.ofSeconds(10)));
        get("/v1/models");
        byte[] before = backend.spki(0);
        backend.rotateKey(0);
        assertNotEquals(new SpkiHash(before), new SpkiHash(backend.spki(0)));
        try (BackendResponse response = client.send(target(), new BackendRequest("GET", "/v1/models", List.of(), null))) {
            response.body().readAllBytes();
            assertEquals(new SpkiHash(backend.spki(0)), response.verification().spki());
        }
        assertEquals(2, backend.attestationRequests());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void aVerificationExpiresAfterItsTtl() throws Exception {
        start(1, settings(Duration.ofMinutes(10), Duration.ZERO));
        get("/v1/models");
        clock.advance(Duration.ofMinutes(9));
        get("/v1/models");
        assertEquals(1, backend.attestationRequests());
        clock.advance(Duration.ofMinutes(2));
        get("/v1/models");
        assertEquals(2, backend.attestationRequests(), "an expired verification is renewed on the pooled connection");
        assertEquals(1, backend.connections());
    }

    @Test
    void aConnectionClosedAfterTheReportIsReplacedByAVerifiedOne() throws Exception {
        start(1);
        backend.misbehave(Misbehaviour.CLOSE_AFTER_REPORT);
        get("/v1/models");
        assertEquals(1, backend.attestationRequests());
        assertEquals(2, backend.connections());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void bindingFailuresSendNoClientByte() {
        for (Misbehaviour mode : List.of(Misbehaviour.WRONG_SPKI, Misbehaviour.STALE_NONCE,
                Misbehaviour.UNBOUND_REPORT_DATA, Misbehaviour.ATTESTATION_ERROR, Misbehaviour.OVERSIZED_REPORT,
                Misbehaviour.ATTESTATION_TIMEOUT)) {
            start(1);
            backend.misbehave(mode);
            TransportException e = assertThrows(TransportException.class, () -> get("/v1/models"), mode.name());
            assertEquals(0, backend.bytesBeforeProof(), mode.name());
            assertEquals(0, backend.otherRequests(), mode.name());
            TransportFailure expected = switch (mode) {
                case ATTESTATION_ERROR, OVERSIZED_REPORT -> TransportFailure.ATTESTATION_UNAVAILABLE;
                case ATTESTATION_TIMEOUT -> TransportFailure.TIMEOUT;
                default -> TransportFailure.ATTESTATION_REJECTED;
            };
            assertEquals(expected, e.failure(), mode + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(DOMAIN), e.getMessage());
            stop();
        }
    }

    @Test
    void aFailedKeyIsRefusedDuringTheBackoffThenRetried() {
        start(1, settings(Duration.ofHours(1), Duration.ofSeconds(30)));
        backend.misbehave(Misbehaviour.WRONG_SPKI);
        assertThrows(TransportException.class, () -> get("/v1/models"));
        TransportException again = assertThrows(TransportException.class, () -> get("/v1/models"));
        assertEquals("tls_binding", again.failedCheck());
        assertEquals(1, backend.attestationRequests(), "refused from memory during the back-off");
        clock.advance(Duration.ofSeconds(31));
        backend.misbehave(Misbehaviour.NONE);
        assertDoesNotThrowGet();
        assertEquals(2, backend.attestationRequests());
    }

    private void assertDoesNotThrowGet() {
        try {
            get("/v1/models");
        } catch (Exception e) {
            throw new AssertionError("request failed after back-off", e);
        }
    }

    @Test
    void eachStreamedEventArrivesBeforeTheNextIsProduced() throws Exception {
        start(1);
        String streamId = "s-" + System.nanoTime();
        BackendRequest request = new BackendRequest("POST", "/v1/chat/completions",
                List.of(Map.entry("Content-Type", "application/json"), Map.entry("X-Test-Stream-Id", streamId)),
                "{\"model\":\"test/model-a\",\"stream\":true,\"n_events\":4}".getBytes(StandardCharsets.UTF_8));
        int events = 0;
        boolean done = false;
        try (BackendResponse response = client.send(target(), request);
             BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.equals("data: [DONE]")) {
                    done = true;
                    break;
                }
                if (line.startsWith("data: ")) {
                    assertFalse(line.contains("error"), line);
                    backend.ack(streamId, events++);
                }
            }
        }
        assertTrue(done);
        assertEquals(4, events);
    }

    @Test
    void anAbandonedStreamClosesTheConnectionInsteadOfReusingIt() throws Exception {
        start(1);
        BackendRequest request = new BackendRequest("POST", "/v1/chat/completions",
                List.of(Map.entry("Content-Type", "application/json")),
                "{\"model\":\"test/model-a\",\"stream\":true,\"n_events\":50}".getBytes(StandardCharsets.UTF_8));
        try (BackendResponse response = client.send(target(), request)) {
            response.body().read(new byte[10]);
            response.abort();
        }
        get("/v1/models");
        assertEquals(2, backend.connections(), "the abandoned connection was not returned to the pool");
        assertEquals(1, backend.attestationRequests(), "the second connection's key was already verified");
    }

    @Test
    void aRequestCanBeSentBackToTheCvmThatServedAnEarlierOne() throws Exception {
        start(2);
        SpkiHash first;
        try (BackendResponse response = client.send(target(), new BackendRequest("GET", "/v1/models", List.of(), null))) {
            response.body().readAllBytes();
            first = response.verification().spki();
        }
        // Hold that connection so the pool has to open new ones; the router alternates CVMs.
        Lease busy = pool.lease(target());
        assertEquals(first, busy.connection().spki());
        SpkiHash other = new SpkiHash(backend.spki(0)).equals(first) ? new SpkiHash(backend.spki(1)) : new SpkiHash(backend.spki(0));
        for (SpkiHash wanted : List.of(other, first)) {
            try (BackendResponse response = client.sendTo(target(), wanted, 4,
                    new BackendRequest("GET", "/v1/models", List.of(), null))) {
                response.body().readAllBytes();
                assertEquals(wanted, response.verification().spki());
            }
        }
        pool.release(busy, true);
        assertEquals(2, backend.attestationRequests(), "each CVM attested once");
        TransportException unknown = assertThrows(TransportException.class, () -> client.sendTo(target(),
                new SpkiHash(new byte[32]), 2, new BackendRequest("GET", "/v1/models", List.of(), null)));
        assertEquals(TransportFailure.UNREACHABLE, unknown.failure());
    }

    @Test
    void aRequestIsBuiltForTheVerifiedConnectionThatCarriesIt() throws Exception {
        start(2);
        AtomicReference<VerifiedBackend> seen = new AtomicReference<>();
        try (BackendResponse response = client.send(target(), backend -> {
            seen.set(backend);
            return new BackendRequest("POST", "/v1/echo", List.of(Map.entry("X-Key", backend.outcome().signingPublicKey())),
                    new byte[0]);
        })) {
            String echo = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(seen.get(), response.verification(), "the builder saw what the carrying connection is verified as");
            assertTrue(echo.contains(backend.signingKeys().signingPublicKey(dev.verifiedproxy.signature.SigningAlgo.ECDSA)),
                    "the attested key reached the request");
        }
        assertEquals(1, backend.otherRequests());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> client.send(target(), backend -> {
            throw new IllegalStateException("no request for this backend");
        }));
        assertEquals("no request for this backend", refused.getMessage());
        assertEquals(1, backend.otherRequests(), "nothing was written");
        get("/v1/models");
        assertEquals(1, pool.stats().handshakes(), "the untouched connection went back to the pool and was reused");
    }

    /** A clock the tests move by hand. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(i -> i.plus(duration));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
