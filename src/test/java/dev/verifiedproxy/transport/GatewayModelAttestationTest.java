package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attested pool in front of a simulated NEAR gateway serving two models with different signing keys, over
 * real TLS on loopback (binding-only verifier: the mechanics). A gateway report attests only the model it was
 * asked for, so each model's attestation is fetched on the connection that will carry its request, cached per
 * (gateway domain, gateway key, model), and every lease carries its own request's model, never another's.
 */
class GatewayModelAttestationTest {

    private static final String GATEWAY = "gateway.near.test";
    private static final String MODEL_A = "test/model-a";
    private static final String MODEL_B = "test/model-b";
    private static TestPki pki;

    private SimulatedTeeBackend gateway;
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
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(int cvms, int maxIdle, Duration ttl, Duration backoff) {
        gateway = SimulatedTeeBackend.start(pki.forge(), MODEL_A, SimulatedTeeBackend.Shape.GATEWAY, cvms, 0)
                .serveModel(MODEL_B);
        TransportSettings settings = new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4L << 20, "ecdsa", ttl, backoff, maxIdle, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        pool = new AttestedConnectionPool(new BindingOnlyAttestor(), settings, clock);
        client = new BackendClient(pool, settings);
    }

    private void start() {
        start(1, 8, Duration.ofHours(1), Duration.ZERO);
    }

    private BackendTarget target(String model) {
        return new BackendTarget(new BackendEndpoint(GATEWAY, "127.0.0.1", gateway.port()), BackendRole.GATEWAY, model,
                Map.of());
    }

    /** A request naming {@code model} (or a GET naming none), read to its end; what its connection was verified as. */
    private VerifiedBackend send(String model) throws TransportException {
        BackendRequest request = model == null ? new BackendRequest("GET", "/v1/models", List.of(), null)
                : new BackendRequest("POST", "/v1/chat/completions", List.of(Map.entry("Content-Type", "application/json")),
                        ("{\"model\":\"" + model + "\",\"messages\":[]}").getBytes(StandardCharsets.UTF_8));
        try (BackendResponse response = client.send(target(model), request)) {
            byte[] body = response.body().readAllBytes();
            assertEquals(200, response.status(), new String(body, StandardCharsets.UTF_8));
            return response.verification();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String address(String model) {
        return gateway.signingIdentity(model, "ecdsa").address();
    }

    /** The reviewers' case: a request without a model first, then model A, then model B, then both again. */
    @Test
    void eachModelIsAttestedOnceAndEveryRequestCarriesItsOwnModelsAttestation() throws Exception {
        start();
        VerifiedBackend none = send(null);
        assertNull(none.outcome().modelName(), "the gateway alone attests no model");
        assertNull(none.outcome().signingAddress());

        VerifiedBackend a = send(MODEL_A);
        assertEquals(MODEL_A, a.outcome().modelName());
        assertEquals(address(MODEL_A), a.outcome().signingAddress());
        assertEquals(gateway.signingIdentity(MODEL_A, "ecdsa").publicKeyHex(), a.outcome().signingPublicKey());

        VerifiedBackend b = send(MODEL_B);
        assertEquals(MODEL_B, b.outcome().modelName());
        assertEquals(address(MODEL_B), b.outcome().signingAddress());
        assertTrue(!address(MODEL_A).equals(address(MODEL_B)), "the two models sign with different keys");
        assertEquals(none.outcome().gatewaySigningAddress(), b.outcome().gatewaySigningAddress());

        assertEquals(MODEL_A, send(MODEL_A).outcome().modelName());
        assertEquals(MODEL_B, send(MODEL_B).outcome().modelName());
        assertNull(send(null).outcome().modelName());

        assertEquals(1, gateway.attestationRequests(null), "the gateway's key was attested once");
        assertEquals(1, gateway.attestationRequests(MODEL_A), "model A was attested once");
        assertEquals(1, gateway.attestationRequests(MODEL_B), "model B was attested once");
        assertEquals(1, gateway.connections(), "all of it over the one pooled connection");
        assertEquals(0, gateway.bytesBeforeProof(), "no request reached the gateway before its model was proved");
    }

    @Test
    void aFirstRequestNamingAModelProvesTheGatewayAndThatModel() throws Exception {
        start();
        VerifiedBackend b = send(MODEL_B);
        assertEquals(MODEL_B, b.outcome().modelName());
        assertEquals(1, gateway.attestationRequests(null));
        assertEquals(1, gateway.attestationRequests(MODEL_B));
        assertEquals(0, gateway.attestationRequests(MODEL_A));
        assertEquals(0, gateway.bytesBeforeProof());
    }

    @Test
    void concurrentFirstRequestsForOneModelCauseOneAttestationOfIt() throws Exception {
        start();
        gateway.attestationDelay(Duration.ofMillis(300));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<VerifiedBackend>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(executor.submit((Callable<VerifiedBackend>) () -> send(MODEL_A)));
            }
            for (Future<VerifiedBackend> result : results) {
                assertEquals(address(MODEL_A), result.get().outcome().signingAddress());
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(1, gateway.attestationRequests(null));
        assertEquals(1, gateway.attestationRequests(MODEL_A));
        assertEquals(0, gateway.bytesBeforeProof());
    }

    /** Even with a verifier that does not look at model names, the pool never lends A's connection on B's proof. */
    @Test
    void anotherModelsAttestationIsRefusedBeforeAnyClientByte() {
        start();
        gateway.misbehave(Misbehaviour.GATEWAY_OTHER_MODEL);
        TransportException e = assertThrows(TransportException.class, () -> send(MODEL_A));
        assertEquals(TransportFailure.ATTESTATION_REJECTED, e.failure(), e.getMessage());
        assertEquals(AttestedConnectionPool.MODEL_NAME_CHECK, e.failedCheck(), e.getMessage());
        assertTrue(e.detail().contains("'" + MODEL_A + "'") && e.detail().contains("'" + MODEL_B + "'"), e.getMessage());
        assertEquals(0, gateway.otherRequests(), "the request was not sent");
        assertEquals(0, gateway.bytesBeforeProof());
    }

    @Test
    void aReportWithoutTheModelsAttestationIsRefusedBeforeAnyClientByte() {
        start();
        gateway.misbehave(Misbehaviour.GATEWAY_NO_MODEL_ATTESTATION);
        TransportException e = assertThrows(TransportException.class, () -> send(MODEL_A));
        assertEquals(TransportFailure.ATTESTATION_REJECTED, e.failure(), e.getMessage());
        assertEquals(AttestedConnectionPool.MODEL_NAME_CHECK, e.failedCheck(), e.getMessage());
        assertTrue(e.detail().contains("names no model"), e.getMessage());
        assertEquals(0, gateway.otherRequests());
        assertEquals(0, gateway.bytesBeforeProof());
    }

    /** A model the gateway cannot attest fails alone: its back-off is its own, not the gateway key's. */
    @Test
    void aModelThatCannotBeAttestedDoesNotHoldUpTheOthers() throws Exception {
        start(1, 8, Duration.ofHours(1), Duration.ofSeconds(30));
        TransportException unknown = assertThrows(TransportException.class, () -> send("test/no-such-model"));
        assertEquals(TransportFailure.ATTESTATION_UNAVAILABLE, unknown.failure(), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("HTTP 503"), unknown.getMessage());
        TransportException again = assertThrows(TransportException.class, () -> send("test/no-such-model"));
        assertEquals(TransportFailure.ATTESTATION_UNAVAILABLE, again.failure());
        assertEquals(1, gateway.attestationRequests("test/no-such-model"), "refused from memory during its back-off");

        assertEquals(MODEL_A, send(MODEL_A).outcome().modelName());
        assertNull(send(null).outcome().modelName());
        assertEquals(1, gateway.attestationRequests(null), "the gateway's key stayed verified");
        assertEquals(0, gateway.bytesBeforeProof());
    }

    /** Two gateway CVMs (TLS keys) behind one name: a model's attestation counts only for the key it came over. */
    @Test
    void aModelIsAttestedOncePerGatewayKey() throws Exception {
        start(2, 0, Duration.ofHours(1), Duration.ZERO);
        for (int i = 0; i < 4; i++) {
            send(MODEL_A);
        }
        assertEquals(2, gateway.attestationRequests(null), "each gateway key once");
        assertEquals(2, gateway.attestationRequests(MODEL_A), "model A once per gateway key");
        assertEquals(0, gateway.bytesBeforeProof());
    }

    @Test
    void aModelsAttestationLapsesLikeAKeys() throws Exception {
        start(1, 8, Duration.ofMinutes(10), Duration.ZERO);
        VerifiedBackend first = send(MODEL_A);
        assertEquals(first.verifiedAt().plus(Duration.ofMinutes(10)), first.expiresAt());
        clock.advance(Duration.ofMinutes(9));
        send(MODEL_A);
        assertEquals(1, gateway.attestationRequests(MODEL_A));
        clock.advance(Duration.ofMinutes(2));
        VerifiedBackend renewed = send(MODEL_A);
        assertEquals(2, gateway.attestationRequests(MODEL_A), "an expired model attestation is renewed");
        assertEquals(2, gateway.attestationRequests(null), "and so is the gateway key's");
        assertTrue(renewed.verifiedAt().isAfter(first.verifiedAt()));
        assertEquals(0, gateway.bytesBeforeProof());
    }
}
