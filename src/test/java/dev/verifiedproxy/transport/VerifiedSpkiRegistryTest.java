package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

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
}
