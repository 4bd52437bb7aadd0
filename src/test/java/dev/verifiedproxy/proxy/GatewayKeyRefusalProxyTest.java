package dev.verifiedproxy.proxy;

import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.transport.TransportTestSupport;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway mode without a held key: each client's own key goes with the gateway's report request. The gateway's
 * refusal of a key (401, 402, 403, 429) is that client's answer, with the gateway's status and error, and it neither
 * stays in the attestation back-off (10 s by default here) nor reaches another client waiting for the same
 * attestation: a client with a bad key never makes the gateway unavailable to one with a good key.
 */
class GatewayKeyRefusalProxyTest extends ProxyBedTest {

    private static final String GOOD = "Bearer sk-good";
    private static final String BAD = "Bearer sk-bad";

    private ProxyTestBed gateway() {
        ProxyTestBed started = start(SimulatedTeeBackend.Shape.GATEWAY, 1, Map.of(),
                TransportTestSupport.bindingOnlyAttestor());
        started.backend.requireApiKey("sk-good");
        return started;
    }

    private static ProxiedRequest chat(String authorization) {
        return ProxyTestBed.chat("hello", false, Map.entry("Authorization", authorization));
    }

    private static void assertGatewaysRefusal(ApiException e) {
        assertEquals(401, e.error().status(), e.getMessage());
        assertEquals("Invalid or missing Authorization header", e.error().message(), "the gateway's own words");
        assertEquals("unauthorized", e.error().type());
    }

    @Test
    void aBadKeyGets401AndTheNextClientsGoodKeyIsServed() throws Exception {
        ProxyTestBed bed = gateway();
        ApiException refused = assertThrows(ApiException.class,
                () -> bed.proxy.forward(chat(BAD)));
        assertGatewaysRefusal(refused);
        Response served = bed.proxy.forward(chat(GOOD));
        assertEquals(200, served.getStatus());
        ProxyTestBed.entity(served);
        assertEquals(0, bed.backend.bytesBeforeProof());
    }

    /**
     * Client B waits for the attestation client A started (A's report is held at the gateway until B waits); A's
     * key is refused, and B, not handed A's failure, attests with its own key and is served.
     */
    @Test
    void aClientWaitingForAnotherClientsRefusedAttestationIsServedWithItsOwnKey() throws Exception {
        ProxyTestBed bed = gateway();
        CountDownLatch gate = new CountDownLatch(1);
        bed.backend.holdReports(gate);
        AtomicReference<Object> a = new AtomicReference<>();
        AtomicReference<Object> b = new AtomicReference<>();
        Thread clientA = new Thread(() -> a.set(forward(bed, BAD)));
        clientA.start();
        awaitUntil(() -> bed.backend.attestationRequests() == 1, "client A's report request reached the gateway");
        Thread clientB = new Thread(() -> b.set(forward(bed, GOOD)));
        clientB.start();
        // B's thread parks only in the registry's timed wait for the attestation in flight.
        awaitUntil(() -> clientB.getState() == Thread.State.TIMED_WAITING, "client B waits for A's attestation");
        gate.countDown();
        clientA.join(20_000);
        clientB.join(20_000);
        assertGatewaysRefusal((ApiException) a.get());
        assertEquals(200, b.get(), "B is served: " + b.get());
        assertEquals(2, bed.backend.attestationRequests(null), "B asked with its own key");
    }

    @Test
    void aRateLimitedKeyGets429AndOthersAreServed() throws Exception {
        ProxyTestBed bed = gateway();
        bed.backend.rateLimitApiKey("sk-limited");
        ApiException limited = assertThrows(ApiException.class,
                () -> bed.proxy.forward(chat("Bearer sk-limited")));
        assertEquals(429, limited.error().status());
        assertEquals("Rate limit exceeded for this API key", limited.error().message());
        assertEquals("rate_limit_exceeded", limited.error().code());
        Response served = bed.proxy.forward(chat(GOOD));
        assertEquals(200, served.getStatus());
        ProxyTestBed.entity(served);
    }

    /** The status of the answer, or the exception; the body is read so that the connection goes back to the pool. */
    private static Object forward(ProxyTestBed bed, String authorization) {
        try {
            Response response = bed.proxy.forward(chat(authorization));
            ProxyTestBed.entity(response);
            return response.getStatus();
        } catch (Exception e) {
            return e;
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "never: " + what);
            Thread.sleep(Duration.ofMillis(5).toMillis());
        }
    }
}
