package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's bookkeeping for gateway models: a model's verification and failure are its own. */
class VerifiedSpkiRegistryTest {

    private static final String DOMAIN = "gateway.near.test";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final VerifiedSpkiRegistry registry = new VerifiedSpkiRegistry(clock, Duration.ofSeconds(30),
            Duration.ofSeconds(5));
    private final VerifiedSpkiRegistry.Key gateway = new VerifiedSpkiRegistry.Key(DOMAIN, new SpkiHash(new byte[32]));

    private VerifiedBackend verified(String model) {
        Instant now = clock.instant();
        return new VerifiedBackend(DOMAIN, gateway.spki(), now, now.plus(Duration.ofHours(1)), new AttestationOutcome(true,
                null, "ok", now.plus(Duration.ofHours(1)), "UpToDate", null, null, model, null));
    }

    private static TransportException refused() {
        return new TransportException(TransportFailure.ATTESTATION_UNAVAILABLE, DOMAIN, "HTTP 503", null);
    }

    @Test
    void aModelsFailureHoldsUpNeitherTheKeyNorOtherModels() throws TransportException {
        AtomicInteger runs = new AtomicInteger();
        VerifiedBackend key = registry.verifyOnce(gateway, () -> {
            runs.incrementAndGet();
            return verified(null);
        });
        assertThrows(TransportException.class, () -> registry.verifyOnce(gateway.forModel("x"), () -> {
            runs.incrementAndGet();
            throw refused();
        }));
        assertThrows(TransportException.class, () -> registry.verifyOnce(gateway.forModel("x"), () -> {
            throw new AssertionError("refused from memory during the back-off");
        }));
        VerifiedBackend a = registry.verifyOnce(gateway.forModel("a"), () -> {
            runs.incrementAndGet();
            return verified("a");
        });
        assertSame(key, registry.verifyOnce(gateway, () -> {
            throw new AssertionError("the key is still verified");
        }));
        assertSame(a, registry.verifyOnce(gateway.forModel("a"), () -> {
            throw new AssertionError("model a is still verified");
        }));
        assertEquals(3, runs.get());
    }

    /** Model names come from clients: the failures of ever new names must not accumulate without bound. */
    @Test
    void failuresOfManyModelNamesDoNotPileUp() {
        for (int i = 0; i < 3000; i++) {
            String model = "made-up-" + i;
            assertThrows(TransportException.class, () -> registry.verifyOnce(gateway.forModel(model), () -> {
                throw refused();
            }));
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(registry.recentFailures() <= 1025, "kept " + registry.recentFailures());
    }

    private static TransportException keyRefused(int status) {
        return new TransportException(TransportFailure.CREDENTIAL_REFUSED, DOMAIN, null, "HTTP " + status,
                new GatewayRefusal(status, "Invalid or missing Authorization header", "unauthorized", null, null), null);
    }

    /** A refusal of one caller's credential is not the backend's failure: it is not remembered for the back-off. */
    @Test
    void aCallersCredentialFailureIsNotRememberedForTheBackoff() throws TransportException {
        TransportException refused = assertThrows(TransportException.class,
                () -> registry.verifyOnce(gateway, () -> {
                    throw keyRefused(401);
                }));
        assertEquals(401, refused.refusal().orElseThrow().status(), "the caller gets its own refusal");
        assertEquals(0, registry.recentFailures());
        VerifiedBackend next = verified(null);
        assertSame(next, registry.verifyOnce(gateway, () -> next), "the next caller attests at once, back-off or not");
    }

    /**
     * A caller waiting for an attestation that then fails on the running caller's credential is not handed that
     * failure: it attests with its own credential. Ordered with latches and the waiter's thread state, not timing.
     */
    @Test
    void aWaiterIsNotHandedAnotherCallersCredentialFailure() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Object> first = new AtomicReference<>();
        AtomicReference<Object> second = new AtomicReference<>();
        AtomicInteger secondRuns = new AtomicInteger();
        VerifiedBackend own = verified(null);
        Thread a = new Thread(() -> first.set(outcome(() -> registry.verifyOnce(gateway, () -> {
            running.countDown();
            awaitQuietly(release);
            throw keyRefused(401);
        }))));
        a.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        Thread b = new Thread(() -> second.set(outcome(() -> registry.verifyOnce(gateway, () -> {
            secondRuns.incrementAndGet();
            return own;
        }))));
        b.start();
        awaitWaiting(b);
        release.countDown();
        a.join(10_000);
        b.join(10_000);
        assertEquals(TransportFailure.CREDENTIAL_REFUSED, ((TransportException) first.get()).failure());
        assertSame(own, second.get(), "the waiter attested with its own credential");
        assertEquals(1, secondRuns.get());
        assertEquals(0, registry.recentFailures());
    }

    /** The backend's own failures are still shared with those waiting, and remembered. */
    @Test
    void aBackendFailureIsStillSharedWithWaiters() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Object> second = new AtomicReference<>();
        Thread a = new Thread(() -> outcome(() -> registry.verifyOnce(gateway, () -> {
            running.countDown();
            awaitQuietly(release);
            throw refused();
        })));
        a.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        Thread b = new Thread(() -> second.set(outcome(() -> registry.verifyOnce(gateway, () -> {
            throw new AssertionError("the waiter shares the attestation in flight");
        }))));
        b.start();
        awaitWaiting(b);
        release.countDown();
        a.join(10_000);
        b.join(10_000);
        assertEquals(TransportFailure.ATTESTATION_UNAVAILABLE, ((TransportException) second.get()).failure());
        assertEquals(1, registry.recentFailures());
    }

    @FunctionalInterface
    private interface Call {
        VerifiedBackend run() throws Exception;
    }

    private static Object outcome(Call call) {
        try {
            return call.run();
        } catch (Exception e) {
            return e;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Until the thread waits for the attestation in flight (a timed wait in the registry), bounded. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the second caller never waited: " + thread.getState());
            Thread.sleep(5);
        }
    }
}
