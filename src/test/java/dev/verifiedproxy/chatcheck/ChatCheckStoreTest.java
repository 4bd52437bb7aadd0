package dev.verifiedproxy.chatcheck;

import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.BackendEndpoint;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.SpkiHash;
import dev.verifiedproxy.transport.VerifiedBackend;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ChatCheckStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    public static ChatExchange exchange(String id) {
        AttestationOutcome outcome = new AttestationOutcome(true, null, "ok", Instant.MAX, "UpToDate",
                "0x0000000000000000000000000000000000000001", null, "test/model", null);
        VerifiedBackend served = new VerifiedBackend("model.example", new SpkiHash(new byte[32]), T0, Instant.MAX, outcome);
        return new ChatExchange(id, "00".repeat(32), "11".repeat(32), false,
                new BackendTarget(BackendEndpoint.of("model.example", 443), BackendRole.MODEL, "test/model", Map.of()),
                served, SigningAlgo.ECDSA, Map.of("Authorization", "Bearer sk-secret"), T0);
    }

    private static ChatCheckResult result(String id) {
        return ChatCheckResult.decided(exchange(id), Optional.of(ChatCheckFailure.OVERLOADED), null, Optional.empty(), 0, T0);
    }

    @Test
    void keepsAtMostTheConfiguredNumberTheOldestGoFirst() {
        ChatCheckStore store = new ChatCheckStore(2, Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));
        store.put(result("a"));
        store.put(result("b"));
        store.put(result("a")); // an update makes it the newest
        store.put(result("c"));
        assertEquals(2, store.size());
        assertFalse(store.find("b").isPresent());
        assertTrue(store.find("a").isPresent() && store.find("c").isPresent());
    }

    @Test
    void forgetsAResultAfterItsTtl() {
        MutableClock clock = new MutableClock(T0);
        ChatCheckStore store = new ChatCheckStore(10, Duration.ofMinutes(5), clock);
        store.put(result("a"));
        clock.set(T0.plus(Duration.ofMinutes(4)));
        store.put(result("b"));
        assertTrue(store.find("a").isPresent());
        clock.set(T0.plus(Duration.ofMinutes(5)));
        assertFalse(store.find("a").isPresent());
        clock.set(T0.plus(Duration.ofMinutes(9)));
        store.put(result("c"));
        assertEquals(1, store.size(), "expired entries are swept on insertion");
    }

    @Test
    void anExchangeNeverPrintsItsCredentials() {
        assertFalse(exchange("a").toString().contains("sk-secret"));
    }
}
