package dev.verifiedproxy.collateral;

import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.FakePcs;
import dev.verifiedproxy.testing.dcap.QuoteSpec;
import dev.verifiedproxy.testing.dcap.TdReportSpec;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collateral cache as the application wires it: over the PCS client, over HTTP, against the fake PCS on
 * 127.0.0.1 (not a stub source). Caching, refresh ahead of expiry, and what a PCS that is down or too slow
 * does to a cached and to an expired bundle.
 */
class CachingPcsClientTest {

    private static final TestPki PKI = TestPki.generate();
    private static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2030-01-31T00:00:00Z");
    private static final QuoteCollateral BUNDLE = PKI.collateral(CollateralSpec.tdx().window(FROM, UNTIL));
    private static final Duration REFRESH_AHEAD = Duration.ofHours(1);

    private FakePcs pcs;
    private JdkHttpFetcher fetcher;
    private CachingCollateralSourceTest.TestClock clock;
    private CollateralKey key;

    @BeforeEach
    void start() {
        pcs = FakePcs.start();
        pcs.serve(TeeType.TDX, PKI.pck().spec().fmspcHex(), "platform", BUNDLE);
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(2));
        clock = new CachingCollateralSourceTest.TestClock(FROM);
        key = new CollateralKey(TeeType.TDX, PKI.pck().spec().fmspcHex(), PckCa.PLATFORM);
    }

    @AfterEach
    void stop() {
        fetcher.close();
        pcs.close();
    }

    private CachingCollateralSource cache(Duration timeout) {
        return new CachingCollateralSource(new IntelPcsClient(fetcher, pcs.baseUrl(), timeout, 1 << 20), clock,
                REFRESH_AHEAD, 8);
    }

    @Test
    void oneFetchServesUntilTheRefreshIsDue() throws Exception {
        CachingCollateralSource cache = cache(Duration.ofSeconds(5));
        QuoteCollateral first = cache.fetch(key);
        assertEquals(BUNDLE, first);
        assertEquals(4, pcs.requests().size());
        clock.now = UNTIL.minus(REFRESH_AHEAD).minusSeconds(1);
        assertSame(first, cache.fetch(key));
        assertEquals(4, pcs.requests().size());
        clock.now = UNTIL.minus(REFRESH_AHEAD);
        assertEquals(BUNDLE, cache.fetch(key));
        assertEquals(8, pcs.requests().size());
        assertEquals(2, pcs.requestCount("/tdx/certification/v4/tcb?fmspc="));
        // What the cache hands out verifies with the PKI's root, through the service as the proxy uses it.
        DcapVerifier verifier = new DcapVerifier(PKI.rootCertificate(), cache::holds);
        byte[] quote = PKI.forge().forge(QuoteSpec.tdx(TdReportSpec.defaults()));
        assertTrue(new DcapService(verifier, cache).verify(quote, null, clock.now, DcapOptions.DEFAULT).verified());
    }

    @Test
    void aPcsThatIsDownLeavesTheCachedBundleInServiceUntilItExpires() throws Exception {
        CachingCollateralSource cache = cache(Duration.ofSeconds(5));
        QuoteCollateral first = cache.fetch(key);
        pcs.failNext(1000, 503);
        clock.now = UNTIL;
        assertSame(first, cache.fetch(key));
        clock.now = UNTIL.plusSeconds(1);
        assertEquals(CollateralException.Reason.HTTP_STATUS,
                assertThrows(CollateralException.class, () -> cache.fetch(key)).reason());
    }

    @Test
    void aPcsThatDoesNotAnswerInTimeIsATimeout() throws Exception {
        CachingCollateralSource cache = cache(Duration.ofMillis(300));
        QuoteCollateral first = cache.fetch(key);
        pcs.delay(Duration.ofSeconds(10));
        clock.now = UNTIL.minusSeconds(1);
        assertSame(first, cache.fetch(key), "the cached bundle serves while the PCS stalls");
        clock.now = UNTIL.plusSeconds(1);
        CollateralException e = assertThrows(CollateralException.class, () -> cache.fetch(key));
        assertEquals(CollateralException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void theClientAloneReportsTheTimeout() {
        pcs.delay(Duration.ofSeconds(10));
        IntelPcsClient client = new IntelPcsClient(fetcher, pcs.baseUrl(), Duration.ofMillis(300), 1 << 20);
        assertEquals(CollateralException.Reason.TIMEOUT,
                assertThrows(CollateralException.class, () -> client.fetch(key)).reason());
    }
}
