package dev.verifiedproxy.chatcheck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest check result per chat id, for {@code GET /verify/chat/{id}}: at most
 * {@code maxEntries} (the oldest go first) and each for at most {@code ttl}. Thread-safe.
 */
public final class ChatCheckStore {

    private record Entry(ChatCheckResult result, Instant expires) {
    }

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    /** Insertion order = expiry order, since every entry lives for the same ttl and an update re-inserts. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public ChatCheckStore(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
    }

    public synchronized void put(ChatCheckResult result) {
        Instant now = clock.instant();
        entries.remove(result.chatId());
        entries.put(result.chatId(), new Entry(result, now.plus(ttl)));
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Entry> entry = oldest.next();
            if (entries.size() <= maxEntries && now.isBefore(entry.getValue().expires())) {
                break;
            }
            oldest.remove();
        }
    }

    public synchronized Optional<ChatCheckResult> find(String chatId) {
        Entry entry = entries.get(chatId);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(chatId);
            return Optional.empty();
        }
        return Optional.of(entry.result());
    }

    public synchronized int size() {
        return entries.size();
    }
}
