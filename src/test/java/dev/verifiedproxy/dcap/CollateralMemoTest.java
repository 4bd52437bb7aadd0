package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CachingCollateralSource;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.PckCa;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.StaticCollateralSource;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.web.DcapBeans;
import dev.verifiedproxy.quote.Bytes;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.DcapVector;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.verifiedproxy.dcap.NegativeChecklistTest.AT;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.FORGE;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.PKI;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.TDX;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.tdx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the verifier keeps of the collateral it is given: the proxy's own bundles in a memo callers cannot
 * reach, everyone else's in a small one, both bounded by weight; and the validity a verified result carries.
 */
class CollateralMemoTest {

    /** A distinct bundle that verifies like {@code base}: only the unverified pck_crl_issuer_chain differs. */
    private static QuoteCollateral variant(QuoteCollateral base, int n) {
        return base.toBuilder().pckCrlIssuerChain(base.pckCrlIssuerChain() + "\n".repeat(n)).build();
    }

    /** A bundle carrying {@code bytes} more bytes (whitespace after the unverified chain), still verifying. */
    private static QuoteCollateral padded(QuoteCollateral base, int bytes) {
        return base.toBuilder().pckCrlIssuerChain(base.pckCrlIssuerChain() + " ".repeat(bytes)).build();
    }

    @Test
    void callersCannotEvictTheProxysOwnCollateral() {
        QuoteCollateral mine = PKI.collateral(dev.verifiedproxy.testing.dcap.CollateralSpec.tdx());
        DcapVerifier verifier = new DcapVerifier(PKI.rootCertificate(), c -> c == mine);
        PreparedCollateral prepared = verifier.prepare(mine);
        assertTrue(verifier.ownMemo().holds(prepared));
        for (int i = 1; i <= 3 * DcapVerifier.VISITOR_ENTRIES; i++) {
            QuoteCollateral theirs = variant(mine, i);
            assertTrue(verifier.verify(FORGE.forge(tdx()), theirs, AT, DcapOptions.DEFAULT).verified());
            assertFalse(verifier.ownMemo().holds(verifier.prepare(theirs)));
        }
        assertSame(prepared, verifier.prepare(mine));
        assertEquals(1, verifier.ownMemo().size());
        assertEquals(DcapVerifier.VISITOR_ENTRIES, verifier.visitorMemo().size());
        // Equal content sent by a caller is served from the own memo, and adds nothing anywhere.
        assertSame(prepared, verifier.prepare(mine.toBuilder().build()));
        assertEquals(1, verifier.ownMemo().size());
    }

    @Test
    void visitorsAreBoundedByWeightAndHeavyBundlesAreNotKept() {
        DcapVerifier verifier = new DcapVerifier(PKI.rootCertificate());
        // Each of these weighs about a quarter of the visitor budget: at most four fit, whatever the count.
        int quarter = (int) (DcapVerifier.VISITOR_WEIGHT / PreparedCollateral.WEIGHT_PER_BYTE / 4);
        for (int i = 0; i < DcapVerifier.VISITOR_ENTRIES; i++) {
            verifier.prepare(padded(TDX, quarter - 20_000 + i));
        }
        assertTrue(verifier.visitorMemo().size() <= 4, "kept " + verifier.visitorMemo().size());
        assertTrue(verifier.visitorMemo().weight() <= DcapVerifier.VISITOR_WEIGHT);
        // Heavier than the whole budget: prepared (and verified) every time, never kept.
        QuoteCollateral heavy = padded(TDX, (int) (DcapVerifier.VISITOR_WEIGHT / PreparedCollateral.WEIGHT_PER_BYTE));
        PreparedCollateral first = verifier.prepare(heavy);
        assertNotSame(first, verifier.prepare(heavy));
        assertFalse(verifier.visitorMemo().holds(first));
        assertTrue(verifier.verify(FORGE.forge(tdx()), heavy, AT, DcapOptions.DEFAULT).verified());
    }

    @Test
    void theOwnMemoIsBoundedByWeightToo() {
        DcapVerifier verifier = new DcapVerifier(PKI.rootCertificate(), c -> true);
        int eighth = (int) (DcapVerifier.OWN_WEIGHT / PreparedCollateral.WEIGHT_PER_BYTE / 8);
        for (int i = 0; i < 12; i++) {
            verifier.prepare(padded(TDX, eighth + i));
        }
        assertTrue(verifier.ownMemo().size() < 8, "kept " + verifier.ownMemo().size());
        assertTrue(verifier.ownMemo().weight() <= DcapVerifier.OWN_WEIGHT);
        assertEquals(0, verifier.visitorMemo().size());
    }

    @Test
    void quotePckChainMemoIsBoundedByEntriesAndWeight() {
        PreparedCollateral visitor = new DcapVerifier(PKI.rootCertificate()).prepare(TDX);
        int perChain = 1024;
        for (int i = 0; i < 100; i++) {
            visitor.quotePckChain(Bytes.of(chainBytes(perChain, i)));
        }
        long budget = DcapVerifier.VISITOR_CHAIN_MEMO_WEIGHT;
        assertEquals(budget / (PreparedCollateral.WEIGHT_PER_BYTE * perChain), visitor.memoizedPckChains());
        assertTrue(visitor.memoizedPckChainWeight() <= budget);
        // A chain heavier than the budget is checked but not kept.
        int before = visitor.memoizedPckChains();
        Bytes huge = Bytes.of(chainBytes((int) budget, 1));
        assertEquals(CertificateProblem.CHAIN_MALFORMED, visitor.quotePckChain(huge).chain().problemAt(AT).problem());
        assertEquals(before, visitor.memoizedPckChains());

        PreparedCollateral own = new DcapVerifier(PKI.rootCertificate(), c -> true).prepare(TDX);
        for (int i = 0; i < 300; i++) {
            own.quotePckChain(Bytes.of(chainBytes(8, i)));
        }
        assertEquals(256, own.memoizedPckChains());
    }

    private static byte[] chainBytes(int length, int seed) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) 'x');
        b[0] = (byte) seed;
        b[1] = (byte) (seed >> 8);
        return b;
    }

    @Test
    void theProxysCacheVouchesForWhatItHolds() throws Exception {
        DcapVector v = DcapVector.ALL.get(1);
        QuoteCollateral fetched = v.collateralValue();
        CollateralKey key = new CollateralKey(TeeType.TDX, "B0C06F000000", PckCa.PLATFORM);
        CachingCollateralSource cache = new CachingCollateralSource(new StaticCollateralSource(Map.of(key, fetched)),
                Clock.fixed(v.at(), ZoneOffset.UTC), Duration.ZERO, 4);
        DcapVerifier verifier = DcapBeans.verifierFor(ProxyConfig.load(List.of()), cache);
        PreparedCollateral own = verifier.prepare(cache.fetch(key));
        assertTrue(verifier.ownMemo().holds(own));
        PreparedCollateral sent = verifier.prepare(variant(fetched, 1));
        assertTrue(verifier.visitorMemo().holds(sent));
        assertFalse(verifier.ownMemo().holds(sent));
        // Without the cache, nothing is the proxy's own.
        DcapVerifier plain = DcapBeans.verifierFor(ProxyConfig.load(List.of()));
        assertTrue(plain.visitorMemo().holds(plain.prepare(cache.fetch(key))));
    }

    // ---------------------------------------------------------------- validity of verified results

    @Test
    void anUnreadablePckCrlIssuerChainDoesNotCostTheResultItsValidity() {
        DcapVector v = DcapVector.ALL.get(1);
        QuoteCollateral junk = v.collateralValue().toBuilder().pckCrlIssuerChain("junk").build();
        DcapResult r = DcapVerifier.withIntelRootCa().verify(v.quoteBytes(), junk, v.at(), DcapOptions.DEFAULT);
        assertTrue(r.verified(), r.toString());
        assertEquals(TcbStatus.UP_TO_DATE, r.status());
        assertEquals(Instant.ofEpochSecond(v.windowUntil()), r.collateralValidUntil());
        DcapResult forged = NegativeChecklistTest.verify(FORGE.forge(tdx()),
                TDX.toBuilder().pckCrlIssuerChain("junk").build());
        assertTrue(forged.verified(), forged.toString());
        assertEquals(NegativeChecklistTest.verify(FORGE.forge(tdx()), TDX).collateralValidUntil(),
                forged.collateralValidUntil());
    }

    @Test
    void everyVerifiedRealVectorSaysUntilWhen() {
        for (DcapVector v : DcapVector.ALL) {
            DcapResult r = DcapVerifier.withIntelRootCa().verify(v.quoteBytes(), v.collateralValue(), v.at(),
                    DcapOptions.DEFAULT);
            assertNotNull(r.collateralValidUntil(), v.toString());
        }
    }

    @Test
    void aVerifiedResultWithoutValidityCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new DcapResult(null, null, null, null, AT, null, null,
                null, null, null, new TcbResult(TcbStatus.UP_TO_DATE, List.of()), null));
    }
}
