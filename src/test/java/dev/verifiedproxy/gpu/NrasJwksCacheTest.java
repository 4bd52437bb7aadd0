package dev.verifiedproxy.gpu;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.testing.ScriptedFetcher;
import dev.verifiedproxy.testing.Samples;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** A fetcher that answers {@code jwks}, but only once the test opens the gate; counts calls. */
    private static final class GatedFetcher implements HttpFetcher {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        private final String jwks;

        GatedFetcher(String jwks) {
            this.jwks = jwks;
        }

        @Override
        public FetchedResponse send(FetchRequest request) {
            calls.incrementAndGet();
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FetchedResponse(200, Map.of(), jwks.getBytes(StandardCharsets.UTF_8));
        }
    }

    private NrasJwksCache cache(HttpFetcher with, Duration timeout) {
        return new NrasJwksCache(with, new NrasJwksCache.Settings(JWKS, timeout, 512 * 1024, Duration.ofHours(1),
                Duration.ofSeconds(30)), clock);
    }

    @Test
    void aStalledFetchHoldsOtherCallersOnlyUntilItsDeadline() throws Exception {
        GatedFetcher stalled = new GatedFetcher(june());
        NrasJwksCache cache = cache(stalled, Duration.ofMillis(300));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<JsonWebKeySet> leader = threads.submit(() -> cache.keysFor(Set.of(JUNE_KID)));
            assertTrue(stalled.entered.await(10, TimeUnit.SECONDS));
            Future<JsonWebKeySet> follower = threads.submit(() -> cache.keysFor(Set.of(JUNE_KID)));
            // The fetch is still stuck (the gate is closed), yet the second caller gets its answer: no key set.
            ExecutionException e = assertThrows(ExecutionException.class, () -> follower.get(10, TimeUnit.SECONDS));
            assertEquals(GpuFailure.JWKS_UNAVAILABLE, ((NrasKeySource.KeySetUnavailableException) e.getCause()).reason());
            assertFalse(leader.isDone());
            assertEquals(1, stalled.calls.get(), "the second caller did not start a fetch of its own");
            stalled.gate.countDown();
            assertTrue(leader.get(10, TimeUnit.SECONDS).key(JUNE_KID).isPresent());
            assertTrue(cache.keysFor(Set.of(JUNE_KID)).key(JUNE_KID).isPresent(), "the late answer is cached");
            assertEquals(1, stalled.calls.get());
        } finally {
            stalled.gate.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void callersTheCachedSetServesNeverWaitForARefetch() throws Exception {
        GatedFetcher refetch = new GatedFetcher(june());
        AtomicInteger call = new AtomicInteger();
        HttpFetcher firstAprilThenStalled = request -> call.getAndIncrement() == 0
                ? new FetchedResponse(200, Map.of(), april().getBytes(StandardCharsets.UTF_8)) : refetch.send(request);
        NrasJwksCache cache = cache(firstAprilThenStalled, Duration.ofMinutes(5));
        cache.keysFor(Set.of(APRIL_KID));
        clock.advance(Duration.ofSeconds(30));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<JsonWebKeySet> unknownKid = threads.submit(() -> cache.keysFor(Set.of(JUNE_KID)));
            assertTrue(refetch.entered.await(10, TimeUnit.SECONDS));
            // The refetch for the unknown kid may take its full five minutes; a known kid is answered meanwhile.
            Future<JsonWebKeySet> knownKid = threads.submit(() -> cache.keysFor(Set.of(APRIL_KID)));
            assertTrue(knownKid.get(10, TimeUnit.SECONDS).key(APRIL_KID).isPresent());
            assertFalse(unknownKid.isDone());
            refetch.gate.countDown();
            assertTrue(unknownKid.get(10, TimeUnit.SECONDS).key(JUNE_KID).isPresent());
        } finally {
            refetch.gate.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void callersNeedingTheSameFetchShareIt() throws Exception {
        GatedFetcher slow = new GatedFetcher(june());
        NrasJwksCache cache = cache(slow, Duration.ofMinutes(5));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonWebKeySet>> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(threads.submit(() -> cache.keysFor(Set.of(JUNE_KID))));
            }
            assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
            slow.gate.countDown();
            for (Future<JsonWebKeySet> caller : callers) {
                assertTrue(caller.get(10, TimeUnit.SECONDS).key(JUNE_KID).isPresent());
            }
            assertEquals(1, slow.calls.get());
        } finally {
            slow.gate.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void theRefetchIntervalMustBePositive() {
        for (Duration interval : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThrows(IllegalArgumentException.class, () -> new NrasJwksCache.Settings(JWKS, Duration.ofSeconds(5),
                    1024, Duration.ofHours(1), interval));
        }
    }
}
