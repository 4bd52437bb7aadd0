package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

class CachingCollateralSourceTest {

    private static final TestPki PKI = TestPki.generate();
    private static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2030-01-31T00:00:00Z");
    private static final QuoteCollateral BUNDLE = PKI.collateral(CollateralSpec.tdx().window(FROM, UNTIL));
    private static final CollateralKey KEY = new CollateralKey(TeeType.TDX, "00906EA10000", PckCa.PLATFORM);

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A delegate that counts fetches and can fail. */
    static final class Counting implements CollateralSource {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean fail;
        volatile CountDownLatch gate;
        volatile QuoteCollateral answer = BUNDLE;

        @Override
        public QuoteCollateral fetch(CollateralKey key) throws CollateralException {
            calls.incrementAndGet();
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (fail) {
                throw new CollateralException(CollateralException.Reason.UNREACHABLE, "down", null);
            }
            return answer;
        }
    }

    @Test
    void cachesUntilRefreshAheadOfExpiry() throws Exception {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 8);
        assertSame(BUNDLE, cache.fetch(KEY));
        assertEquals(UNTIL, cache.cachedUntil(KEY).orElseThrow());
        clock.now = UNTIL.minus(Duration.ofHours(1)).minusSeconds(1);
        cache.fetch(KEY);
        assertEquals(1, delegate.calls.get());
        clock.now = UNTIL.minus(Duration.ofHours(1));
        cache.fetch(KEY);
        assertEquals(2, delegate.calls.get());
    }

    @Test
    void servesTheCachedBundleWhileItIsValidIfRefreshFails() throws Exception {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofDays(1), 8);
        cache.fetch(KEY);
        delegate.fail = true;
        clock.now = UNTIL;
        assertSame(BUNDLE, cache.fetch(KEY));
        clock.now = UNTIL.plusSeconds(1);
        assertEquals(CollateralException.Reason.UNREACHABLE,
                assertThrows(CollateralException.class, () -> cache.fetch(KEY)).reason());
    }

    @Test
    void expiredBundlesAreReturnedButNotKept() throws Exception {
        TestClock clock = new TestClock(UNTIL.plusSeconds(10));
        Counting delegate = new Counting();
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 8);
        assertSame(BUNDLE, cache.fetch(KEY));
        assertTrue(cache.cachedUntil(KEY).isEmpty());
    }

    @Test
    void oneFetchInFlightPerKey() throws Exception {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        delegate.gate = new CountDownLatch(1);
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<QuoteCollateral>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.fetch(KEY)));
            }
            Thread.sleep(200);
            delegate.gate.countDown();
            for (Future<QuoteCollateral> f : results) {
                assertSame(BUNDLE, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, delegate.calls.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitersShareAFailure() throws Exception {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        delegate.fail = true;
        delegate.gate = new CountDownLatch(1);
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<QuoteCollateral>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> cache.fetch(KEY)));
            }
            Thread.sleep(200);
            delegate.gate.countDown();
            for (Future<QuoteCollateral> f : results) {
                Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof CollateralException, e.toString());
            }
            assertEquals(1, delegate.calls.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundedByEarliestExpiry() throws Exception {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 2);
        CollateralKey a = new CollateralKey(TeeType.TDX, "000000000001", PckCa.PLATFORM);
        CollateralKey b = new CollateralKey(TeeType.TDX, "000000000002", PckCa.PLATFORM);
        cache.fetch(a);
        cache.fetch(b);
        cache.fetch(KEY);
        assertEquals(2, List.of(a, b, KEY).stream().filter(k -> cache.cachedUntil(k).isPresent()).count());
        assertTrue(cache.cachedUntil(KEY).isPresent());
    }

    @Test
    void boundedByBytes() throws Exception {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        long size = BUNDLE.contentLength();
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 100,
                size * 5 / 2);
        List<CollateralKey> keys = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            keys.add(new CollateralKey(TeeType.TDX, String.format("%012d", i), PckCa.PLATFORM));
            cache.fetch(keys.get(i - 1));
        }
        assertEquals(2, keys.stream().filter(k -> cache.cachedUntil(k).isPresent()).count());
        assertTrue(cache.cachedBytes() <= size * 5 / 2);
        assertTrue(cache.cachedUntil(keys.get(4)).isPresent(), "the newest bundle is kept");
        // A bundle larger than the whole budget is served but not kept.
        delegate.answer = BUNDLE.toBuilder().pckCrlIssuerChain(" ".repeat((int) (size * 3))).build();
        assertSame(delegate.answer, cache.fetch(KEY));
        assertTrue(cache.cachedUntil(KEY).isEmpty());
        assertEquals(2, keys.stream().filter(k -> cache.cachedUntil(k).isPresent()).count());
    }

    @Test
    void holdsMeansThisVeryInstance() throws Exception {
        CachingCollateralSource cache = new CachingCollateralSource(new Counting(), new TestClock(FROM),
                Duration.ofHours(1), 8);
        assertFalse(cache.holds(BUNDLE));
        QuoteCollateral fetched = cache.fetch(KEY);
        assertTrue(cache.holds(fetched));
        assertEquals(fetched, BUNDLE.toBuilder().build());
        assertFalse(cache.holds(BUNDLE.toBuilder().build()), "equal content from elsewhere is not the cache's");
    }

    @Test
    void malformedCollateralIsNotCached() {
        TestClock clock = new TestClock(FROM);
        Counting delegate = new Counting();
        delegate.answer = BUNDLE.toBuilder().tcbInfo("{}").build();
        CachingCollateralSource cache = new CachingCollateralSource(delegate, clock, Duration.ofHours(1), 2);
        assertEquals(CollateralException.Reason.MALFORMED,
                assertThrows(CollateralException.class, () -> cache.fetch(KEY)).reason());
    }
}
