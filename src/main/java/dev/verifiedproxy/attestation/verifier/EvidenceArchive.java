package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.eventlog.Hex;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence bundles of recent verifications, in memory, each under a random id: bounded by a number of
 * bundles and a number of bytes (the bundle's compact JSON), the oldest evicted first. A bundle larger than
 * the byte limit on its own is not kept. Thread-safe.
 */
public final class EvidenceArchive {

    /**
     * One archived verification.
     *
     * @param id       the id it is retrieved by (32 lowercase hex)
     * @param at       the instant of the verification
     * @param verified the verdict's outcome
     * @param bundle   the evidence bundle, compact JSON (UTF-8)
     */
    public record Archived(String id, Instant at, boolean verified, byte[] bundle) {

        public Archived {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            bundle = bundle.clone();
        }

        @Override
        public byte[] bundle() {
            return bundle.clone();
        }
    }

    private final int maxEntries;
    private final long maxBytes;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Archived> entries = new LinkedHashMap<>();
    private long bytes;

    /**
     * @param maxEntries most bundles kept (at least 1)
     * @param maxBytes   most bytes of bundle JSON kept (at least 1)
     */
    public EvidenceArchive(int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("the archive must be able to hold something");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Archives a verification's evidence; its id, or empty when the bundle alone exceeds the byte limit. */
    public Optional<String> store(Verification verification) {
        byte[] json = verification.evidence().toJson().toString().getBytes(StandardCharsets.UTF_8);
        if (json.length > maxBytes) {
            return Optional.empty();
        }
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        Archived archived = new Archived(Hex.encode(idBytes), verification.verdict().at(),
                verification.verdict().verified(), json);
        synchronized (entries) {
            entries.put(archived.id(), archived);
            bytes += json.length;
            Iterator<Archived> oldest = entries.values().iterator();
            while (entries.size() > maxEntries || bytes > maxBytes) {
                bytes -= oldest.next().bundle.length;
                oldest.remove();
            }
        }
        return Optional.of(archived.id());
    }

    /** The archived verification with this id, if it is still kept. */
    public Optional<Archived> find(String id) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(id));
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Bytes of bundle JSON currently kept. */
    public long bytes() {
        synchronized (entries) {
            return bytes;
        }
    }
}
