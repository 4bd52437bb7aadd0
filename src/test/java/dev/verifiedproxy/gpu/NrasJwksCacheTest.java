package dev.verifiedproxy.gpu;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.testing.ScriptedFetcher;
import dev.verifiedproxy.testing.Samples;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live key set: cache, refetch on an unknown kid, rate limit, bounds, failing closed. */
class NrasJwksCacheTest {

    private static final URI JWKS = URI.create("https://nras.example/.well-known/jwks.json");
    private static final String JUNE_KID = "nv-eat-kid-prod-20260628170000087-6f27a971-6e29-42d6-afb9-8e3fbb17fa25";
    private static final String APRIL_KID = "nv-eat-kid-prod-20260423171805285-36ba9fe4-6e02-4dab-9abb-aecbb3cd5e75";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-29T02:00:00Z"));
    private final ScriptedFetcher fetcher = new ScriptedFetcher();

    private NrasJwksCache cache() {
        return new NrasJwksCache(fetcher, new NrasJwksCache.Settings(JWKS, Duration.ofSeconds(5), 512 * 1024,
                Duration.ofHours(1), Duration.ofSeconds(30)), clock);
    }

    private static String june() {
        return Samples.text(GpuSamples.JUNE + "nras_jwks.json");
    }

    private static String april() {
        return Samples.text(GpuSamples.APRIL + "nras_jwks.json");
    }

    @Test
    void theKeySetIsFetchedOnceAndServedFromTheCache() throws Exception {
        fetcher.answer(june());
        NrasJwksCache cache = cache();
        JsonWebKeySet first = cache.keysFor(Set.of(JUNE_KID));
        clock.advance(Duration.ofMinutes(59));
        assertSame(first, cache.keysFor(Set.of(JUNE_KID)));
        assertEquals(1, fetcher.requests().size());
        FetchRequest request = fetcher.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals(JWKS, request.uri());
        assertEquals(512 * 1024, request.maxResponseBytes());
        assertEquals(Duration.ofSeconds(5), request.timeout());
    }

    @Test
    void anOldKeySetIsFetchedAgain() throws Exception {
        fetcher.answer(june());
        NrasJwksCache cache = cache();
        cache.keysFor(Set.of(JUNE_KID));
        clock.advance(Duration.ofHours(1));
        cache.keysFor(Set.of(JUNE_KID));
        assertEquals(2, fetcher.requests().size());
    }

    @Test
    void anUnknownKidTriggersOneRefetchPerInterval() throws Exception {
        fetcher.answer(april());
        fetcher.answer(june());
        NrasJwksCache cache = cache();
        cache.keysFor(Set.of(APRIL_KID));
        clock.advance(Duration.ofSeconds(29));
        assertTrue(cache.keysFor(Set.of(JUNE_KID)).key(JUNE_KID).isEmpty(), "rate-limited: the cached set is returned");
        assertEquals(1, fetcher.requests().size());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(cache.keysFor(Set.of(JUNE_KID)).key(JUNE_KID).isPresent());
        assertEquals(2, fetcher.requests().size());
        assertTrue(cache.keysFor(Set.of("made-up")).key("made-up").isEmpty());
        assertTrue(cache.keysFor(Set.of("made-up-2")).key("made-up-2").isEmpty());
        assertEquals(2, fetcher.requests().size(), "made-up kids cost at most one request per interval");
        clock.advance(Duration.ofSeconds(30));
        cache.keysFor(Set.of("made-up-3"));
        assertEquals(3, fetcher.requests().size());
    }

    @Test
    void anUnreachableServiceFailsClosed() {
        fetcher.answer(new FetchException(FetchException.Reason.UNREACHABLE, JWKS, "connection refused", null));
        NrasJwksCache cache = cache();
        var e = assertThrows(NrasKeySource.KeySetUnavailableException.class, () -> cache.keysFor(Set.of(JUNE_KID)));
        assertEquals(GpuFailure.JWKS_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("connection refused"));
        assertThrows(NrasKeySource.KeySetUnavailableException.class, () -> cache.keysFor(Set.of(JUNE_KID)));
        assertEquals(1, fetcher.requests().size(), "failures are rate-limited too");
    }

    @Test
    void anHttpErrorOrOversizedAnswerFailsClosed() {
        fetcher.answer(503);
        var e = assertThrows(NrasKeySource.KeySetUnavailableException.class, () -> cache().keysFor(Set.of(JUNE_KID)));
        assertTrue(e.getMessage().contains("HTTP 503"));
        fetcher.reset();
        fetcher.answer(new FetchException(FetchException.Reason.TOO_LARGE, JWKS, "too large", null));
        assertEquals(GpuFailure.JWKS_UNAVAILABLE, assertThrows(NrasKeySource.KeySetUnavailableException.class,
                () -> cache().keysFor(Set.of(JUNE_KID))).reason());
    }

    @Test
    void aMalformedKeySetIsReportedAsSuch() {
        fetcher.answer("{\"no\":\"keys\"}");
        var e = assertThrows(NrasKeySource.KeySetUnavailableException.class, () -> cache().keysFor(Set.of(JUNE_KID)));
        assertEquals(GpuFailure.JWKS_MALFORMED, e.reason());
    }

    @Test
    void whenAnOldKeySetCannotBeRefreshedTheCacheFailsClosed() throws Exception {
        fetcher.answer(june());
        fetcher.answer(500);
        NrasJwksCache cache = cache();
        cache.keysFor(Set.of(JUNE_KID));
        clock.advance(Duration.ofHours(2));
        assertThrows(NrasKeySource.KeySetUnavailableException.class, () -> cache.keysFor(Set.of(JUNE_KID)));
    }

    @Test
    void aFailedRefetchForAnUnknownKidKeepsTheCurrentSet() throws Exception {
        fetcher.answer(june());
        fetcher.answer(500);
        NrasJwksCache cache = cache();
        cache.keysFor(Set.of(JUNE_KID));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(cache.keysFor(Set.of("unknown")).key(JUNE_KID).isPresent());
        assertEquals(2, fetcher.requests().size());
    }
}
