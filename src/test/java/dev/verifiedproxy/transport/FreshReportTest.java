package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.dcap.TestPki;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link BackendClient#fetchReport}: a report with a fresh nonce on a connection of its own, unjudged, nothing cached. */
class FreshReportTest {

    private static TestPki pki;
    private SimulatedTeeBackend backend;
    private BackendClient client;

    @BeforeAll
    static void pki() {
        pki = TestPki.generate();
    }

    @AfterEach
    void stop() {
        client.close();
        backend.close();
    }

    private BackendTarget target(int port) {
        return new BackendTarget(new BackendEndpoint("model-a.completions.near.ai", "127.0.0.1", port), BackendRole.MODEL,
                "test/model-a", Map.of());
    }

    private void start() {
        backend = SimulatedTeeBackend.start(pki.forge(), "test/model-a");
        TransportSettings settings = TransportTestSupport.testSettings();
        client = new BackendClient(new AttestedConnectionPool(TransportTestSupport.bindingOnlyAttestor(), settings,
                Clock.systemUTC()), settings);
    }

    @Test
    void aReportIsFetchedWithAFreshNonceOnItsOwnConnectionAndNothingIsCached() throws Exception {
        start();
        AttestationRequest first = client.fetchReport(target(backend.port()));
        AttestationRequest second = client.fetchReport(target(backend.port()));
        assertNotEquals(Hex.toHexString(first.nonce()), Hex.toHexString(second.nonce()));
        JsonObject report = Json.createReader(new ByteArrayInputStream(first.reportBody())).readObject();
        assertEquals(Hex.toHexString(first.nonce()), report.getString("request_nonce"));
        assertArrayEquals(backend.spki(0), first.liveSpki().bytes());
        assertEquals("model-a.completions.near.ai", first.domain());
        assertEquals(2, backend.connections());
        assertEquals(0, client.stats().idle(), "the connections were closed, not pooled");
        // Nothing was judged or cached: the first proxied request still attests its connection.
        try (BackendResponse response = client.send(target(backend.port()), new BackendRequest("GET", "/v1/models", List.of(),
                null))) {
            response.body().readAllBytes();
        }
        assertEquals(3, backend.attestationRequests());
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void failuresAreTransportFailures() {
        start();
        backend.misbehave(SimulatedTeeBackend.Misbehaviour.ATTESTATION_ERROR);
        assertEquals(TransportFailure.ATTESTATION_UNAVAILABLE,
                assertThrows(TransportException.class, () -> client.fetchReport(target(backend.port()))).failure());
        assertEquals(TransportFailure.UNREACHABLE,
                assertThrows(TransportException.class, () -> client.fetchReport(target(1))).failure());
    }
}
