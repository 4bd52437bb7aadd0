package dev.verifiedproxy.gpu;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The live NRAS key set: fetched from the JWKS URL, kept for {@code maxAge}, and fetched again when
 * a token names an unknown key id (NVIDIA mints new keys every few hours, gpu.md §2.3). Fetches are
 * rate-limited to one per {@code minRefetchInterval}, bounded in time and size, and serialised, so a
 * flood of tokens with made-up key ids costs NVIDIA at most one request per interval. When a
 * refresh fails the cache fails closed instead of serving keys older than {@code maxAge}.
 */
public final class NrasJwksCache implements NrasKeySource {

    /** How the cache fetches. */
    public record Settings(URI jwksUrl, Duration timeout, long maxResponseBytes, Duration maxAge,
                           Duration minRefetchInterval) {
        public Settings {
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
            if (maxResponseBytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
        }
    }

    private final HttpFetcher fetcher;
    private final Settings settings;
    private final Clock clock;

    private JsonWebKeySet current;
    private Instant fetchedAt;
    private Instant lastAttempt;
    private String lastProblem;

    /** @param clock the operational clock for cache age and rate limiting (not the evaluation instant) */
    public NrasJwksCache(HttpFetcher fetcher, Settings settings, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized JsonWebKeySet keysFor(Set<String> kids) throws KeySetUnavailableException {
        Instant now = clock.instant();
        boolean stale = current == null || !now.isBefore(fetchedAt.plus(settings.maxAge()));
        boolean unknownKid = current != null && !kids.stream().allMatch(current::names);
        if ((stale || unknownKid) && mayFetch(now)) {
            fetch(now);
        }
        if (current == null || !now.isBefore(fetchedAt.plus(settings.maxAge()))) {
            throw new KeySetUnavailableException(GpuFailure.JWKS_UNAVAILABLE, "no current NRAS key set from "
                    + settings.jwksUrl() + (lastProblem == null ? "" : ": " + lastProblem));
        }
        return current;
    }

    private boolean mayFetch(Instant now) {
        return lastAttempt == null || !now.isBefore(lastAttempt.plus(settings.minRefetchInterval()));
    }

    private void fetch(Instant now) throws KeySetUnavailableException {
        lastAttempt = now;
        FetchedResponse response;
        try {
            response = fetcher.send(FetchRequest.get(settings.jwksUrl(), settings.timeout(), settings.maxResponseBytes())
                    .withHeader("Accept", "application/json"));
        } catch (FetchException e) {
            lastProblem = e.reason() + ": " + e.getMessage();
            return;
        }
        if (response.status() != 200) {
            lastProblem = "HTTP " + response.status();
            return;
        }
        try {
            current = JsonWebKeySet.parse(response.bodyText());
            fetchedAt = now;
            lastProblem = null;
        } catch (GpuFormatException e) {
            lastProblem = e.getMessage();
            current = null;
            throw new KeySetUnavailableException(GpuFailure.JWKS_MALFORMED, e.getMessage());
        }
    }
}
