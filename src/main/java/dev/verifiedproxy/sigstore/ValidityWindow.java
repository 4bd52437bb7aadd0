package dev.verifiedproxy.sigstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A trusted root's {@code validFor}: when a log key or CA may be relied on. Sigstore rotates keys by
 * closing a window, so the instant that matters is the entry's integrated time, not the time of
 * verification.
 *
 * @param start first instant of validity, inclusive
 * @param end   last instant of validity, inclusive; empty while the key or CA is current
 */
public record ValidityWindow(Instant start, Optional<Instant> end) {

    public ValidityWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new IllegalArgumentException("validity ends before it starts");
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && end.map(e -> !instant.isAfter(e)).orElse(true);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end.map(Instant::toString).orElse("open") + "]";
    }
}
