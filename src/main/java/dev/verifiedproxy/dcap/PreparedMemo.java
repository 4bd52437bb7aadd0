package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.QuoteCollateral;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used memo of prepared collateral, keyed by content, bounded both by a number of entries
 * and by the total {@link PreparedCollateral#weight() weight} it keeps: an entry count alone does not bound
 * memory when one bundle can be as large as a request body. A bundle heavier than the whole budget is never
 * kept. Thread-safe.
 */
final class PreparedMemo {

    private final int maxEntries;
    private final long maxWeight;
    private final Map<QuoteCollateral, PreparedCollateral> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    PreparedMemo(int maxEntries, long maxWeight) {
        if (maxEntries < 1 || maxWeight < 1) {
            throw new IllegalArgumentException("a memo needs room for at least one entry");
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
    }

    /** The prepared form of this content, if kept. */
    synchronized PreparedCollateral get(QuoteCollateral collateral) {
        return entries.get(collateral);
    }

    /** Keeps it, evicting the least recently used entries until it fits; too heavy a bundle is not kept. */
    synchronized void put(QuoteCollateral collateral, PreparedCollateral prepared) {
        long w = prepared.weight();
        if (w > maxWeight) {
            return;
        }
        PreparedCollateral replaced = entries.remove(collateral);
        if (replaced != null) {
            weight -= replaced.weight();
        }
        Iterator<PreparedCollateral> eldest = entries.values().iterator();
        while (eldest.hasNext() && (entries.size() >= maxEntries || weight + w > maxWeight)) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
        entries.put(collateral, prepared);
        weight += w;
    }

    synchronized int size() {
        return entries.size();
    }

    /** The total weight kept. */
    synchronized long weight() {
        return weight;
    }

    synchronized boolean holds(PreparedCollateral prepared) {
        return entries.containsValue(prepared);
    }
}
