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
 * returned but not kept. Thread-safe; the clock is a parameter.
 */
public final class CachingCollateralSource implements CollateralSource {

    private record Entry(QuoteCollateral collateral, Instant validUntil) {
    }

    private final CollateralSource delegate;
    private final Clock clock;
    private final Duration refreshAhead;
    private final int maxEntries;
    private final Map<CollateralKey, Entry> entries = new ConcurrentHashMap<>();
    private final Map<CollateralKey, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

    public CachingCollateralSource(CollateralSource delegate, Clock clock, Duration refreshAhead, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
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
        if (!now.isAfter(validUntil)) {
            makeRoom(now);
            entries.put(key, entry);
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

    private void makeRoom(Instant now) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.entrySet().removeIf(e -> now.isAfter(e.getValue().validUntil()));
        while (entries.size() >= maxEntries) {
            entries.entrySet().stream().min(Comparator.comparing(e -> e.getValue().validUntil()))
                    .ifPresent(e -> entries.remove(e.getKey()));
        }
    }
}
