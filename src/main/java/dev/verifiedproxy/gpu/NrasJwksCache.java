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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The live NRAS key set: fetched from the JWKS URL, kept for {@code maxAge}, and fetched again when
 * a token names an unknown key id (NVIDIA mints new keys every few hours, gpu.md §2.3). Fetches are
 * rate-limited to one per {@code minRefetchInterval} (which must be positive) and bounded in time and
 * size, so a flood of tokens with made-up key ids costs NVIDIA at most one request per interval.
 * When a refresh fails the cache fails closed instead of serving keys older than {@code maxAge}.
 *
 * <p>Single flight without a lock held across I/O: one caller fetches, callers that need the same
 * fetch wait for it at most until its deadline, and callers the current set already serves never
 * wait. A stalled key-set fetch therefore cannot hold up every GPU verification.
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
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            // Zero would let every token with a made-up kid trigger a fetch: the rate limit is the point.
            if (minRefetchInterval.isZero() || minRefetchInterval.isNegative()) {
                throw new IllegalArgumentException("minRefetchInterval must be positive");
            }
        }
    }

    /** What the cache knows; replaced as a whole under {@link #lock}, never changed in place. */
    private record State(JsonWebKeySet keys, Instant fetchedAt, Instant lastAttempt, String lastProblem) {

        static final State EMPTY = new State(null, null, null, null);

        boolean fresh(Instant now, Duration maxAge) {
            return keys != null && now.isBefore(fetchedAt.plus(maxAge));
        }

        State attempted(Instant at) {
            return new State(keys, fetchedAt, at, lastProblem);
        }
    }

    /** The fetch in progress: done when it ends, and when callers stop waiting for it. */
    private record InFlight(CompletableFuture<Void> done, long deadlineNanos) {
    }

    private final HttpFetcher fetcher;
    private final Settings settings;
    private final Clock clock;
    private final Object lock = new Object();
    private State state = State.EMPTY;
    private InFlight inFlight;

    /** @param clock the operational clock for cache age and rate limiting (not the evaluation instant) */
    public NrasJwksCache(HttpFetcher fetcher, Settings settings, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public JsonWebKeySet keysFor(Set<String> kids) throws KeySetUnavailableException {
        Instant now = clock.instant();
        InFlight join = null;
        InFlight lead = null;
        synchronized (lock) {
            if (needsFetch(state, kids, now)) {
                if (inFlight != null) {
                    join = inFlight;
                } else if (mayFetch(state, now)) {
                    lead = new InFlight(new CompletableFuture<>(), System.nanoTime() + settings.timeout().toNanos());
                    inFlight = lead;
                    state = state.attempted(now);
                }
            }
        }
        if (lead != null) {
            lead(lead, now);
        } else if (join != null) {
            await(join);
        }
        State current;
        synchronized (lock) {
            current = state;
        }
        if (!current.fresh(now, settings.maxAge())) {
            throw new KeySetUnavailableException(GpuFailure.JWKS_UNAVAILABLE, "no current NRAS key set from "
                    + settings.jwksUrl() + (current.lastProblem() == null ? "" : ": " + current.lastProblem()));
        }
        return current.keys();
    }

    private boolean needsFetch(State s, Set<String> kids, Instant now) {
        return !s.fresh(now, settings.maxAge()) || (s.keys() != null && !kids.stream().allMatch(s.keys()::names));
    }

    private boolean mayFetch(State s, Instant now) {
        return s.lastAttempt() == null || !now.isBefore(s.lastAttempt().plus(settings.minRefetchInterval()));
    }

    /** Fetches for everyone, then lets the waiting callers go, whatever happened. */
    private void lead(InFlight flight, Instant now) throws KeySetUnavailableException {
        try {
            fetch(now);
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            flight.done().complete(null);
        }
    }

    /** Waits for another caller's fetch, at most until that fetch's deadline; then the state decides. */
    private static void await(InFlight flight) throws KeySetUnavailableException {
        try {
            flight.done().get(Math.max(0, flight.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The fetch is late or broke: whatever the cache holds now is the answer (possibly none: fail closed).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySetUnavailableException(GpuFailure.JWKS_UNAVAILABLE, "interrupted while the NRAS key set was fetched");
        }
    }

    private void fetch(Instant now) throws KeySetUnavailableException {
        FetchedResponse response;
        try {
            response = fetcher.send(FetchRequest.get(settings.jwksUrl(), settings.timeout(), settings.maxResponseBytes())
                    .withHeader("Accept", "application/json"));
        } catch (FetchException e) {
            problem(e.reason() + ": " + e.getMessage(), false);
            return;
        }
        if (response.status() != 200) {
            problem("HTTP " + response.status(), false);
            return;
        }
        JsonWebKeySet keys;
        try {
            keys = JsonWebKeySet.parse(response.bodyText());
        } catch (GpuFormatException e) {
            problem(e.getMessage(), true);
            throw new KeySetUnavailableException(GpuFailure.JWKS_MALFORMED, e.getMessage());
        }
        synchronized (lock) {
            state = new State(keys, now, state.lastAttempt(), null);
        }
    }

    /** A failed fetch keeps the current set (it still expires by age) unless NRAS served a malformed one. */
    private void problem(String problem, boolean discardKeys) {
        synchronized (lock) {
            state = new State(discardKeys ? null : state.keys(), discardKeys ? null : state.fetchedAt(),
                    state.lastAttempt(), problem);
        }
    }
}
