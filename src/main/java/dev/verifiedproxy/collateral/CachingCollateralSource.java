package dev.verifiedproxy.collateral;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps collateral per (TEE, FMSPC, PCK CA) until it expires ({@link CollateralValidity}) and refreshes it
 * {@code refreshAhead} before that. One fetch per key is in flight at a time: concurrent callers wait for
 * it and share its result. If a refresh fails while the cached bundle is still valid, the cached bundle is
 * served (the PCS being down must not stop verification before the evidence actually expires); after
 * that, the failure is the answer (fail closed). Bundles that are already expired when fetched are
 * returned but not kept. The cache is bounded by entries and by the bytes it keeps
 * ({@link QuoteCollateral#contentLength()}): the key comes from a quote, which callers choose, and each
 * answer may be as large as the fetcher's response limit; a bundle larger than the whole byte budget is
 * returned but not kept. Thread-safe; the clock is a parameter.
 */
public final class CachingCollateralSource implements CollateralSource {

    /** Default byte budget: real bundles are 10-20 kB, so this is thousands of them. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private record Entry(QuoteCollateral collateral, Instant validUntil) {
    }

    private final CollateralSource delegate;
    private final Clock clock;
    private final Duration refreshAhead;
    private final int maxEntries;
    private final long maxBytes;
    private final Map<CollateralKey, Entry> entries = new ConcurrentHashMap<>();
    private final Map<CollateralKey, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

    public CachingCollateralSource(CollateralSource delegate, Clock clock, Duration refreshAhead, int maxEntries) {
        this(delegate, clock, refreshAhead, maxEntries, DEFAULT_MAX_BYTES);
    }

    public CachingCollateralSource(CollateralSource delegate, Clock clock, Duration refreshAhead, int maxEntries,
                                   long maxBytes) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxEntries and maxBytes must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    @Override
    public QuoteCollateral fetch(CollateralKey key) throws CollateralException {
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null && now.isBefore(cached.validUntil().minus(refreshAhead))) {
            return cached.collateral();
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running, cached, now);
        }
        try {
            Entry fresh = load(key, now);
            mine.complete(fresh);
            return fresh.collateral();
        } catch (CollateralException e) {
            mine.completeExceptionally(e);
            if (usable(cached, now)) {
                return cached.collateral();
            }
            throw e;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * Whether this very instance is one the cache holds (identity, not equality): collateral the proxy
     * fetched itself, as opposed to equal-looking collateral a caller sent. The verifier keeps the prepared
     * form of these in its own memo.
     */
    public boolean holds(QuoteCollateral collateral) {
        for (Entry e : entries.values()) {
            if (e.collateral() == collateral) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of collateral kept. */
    public long cachedBytes() {
        return entries.values().stream().mapToLong(e -> e.collateral().contentLength()).sum();
    }

    /** Until when the cached bundle for this key is valid, if one is cached. */
    public Optional<Instant> cachedUntil(CollateralKey key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::validUntil);
    }

    private Entry load(CollateralKey key, Instant now) throws CollateralException {
        QuoteCollateral collateral = delegate.fetch(key);
        Instant validUntil;
        try {
            validUntil = CollateralValidity.validUntil(collateral);
        } catch (CollateralFormatException e) {
            throw new CollateralException(CollateralException.Reason.MALFORMED,
                    "collateral for " + key + " is malformed: " + e.getMessage(), e);
        }
        Entry entry = new Entry(collateral, validUntil);
        if (!now.isAfter(validUntil) && collateral.contentLength() <= maxBytes) {
            keep(key, entry, now);
        }
        return entry;
    }

    private QuoteCollateral await(CompletableFuture<Entry> running, Entry cached, Instant now)
            throws CollateralException {
        try {
            return running.join().collateral();
        } catch (CompletionException e) {
            if (usable(cached, now)) {
                return cached.collateral();
            }
            if (e.getCause() instanceof CollateralException c) {
                throw new CollateralException(c.reason(), c.getMessage(), c);
            }
            throw e;
        }
    }

    private static boolean usable(Entry cached, Instant now) {
        return cached != null && !now.isAfter(cached.validUntil());
    }

    /** Puts the entry in, first dropping expired bundles, then those that expire first, until it fits. */
    private synchronized void keep(CollateralKey key, Entry entry, Instant now) {
        entries.remove(key);
        entries.entrySet().removeIf(e -> now.isAfter(e.getValue().validUntil()));
        long bytes = cachedBytes();
        long needed = entry.collateral().contentLength();
        while (!entries.isEmpty() && (entries.size() >= maxEntries || bytes + needed > maxBytes)) {
            Map.Entry<CollateralKey, Entry> first = entries.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().validUntil())).orElseThrow();
            entries.remove(first.getKey());
            bytes -= first.getValue().collateral().contentLength();
        }
        entries.put(key, entry);
    }
}
