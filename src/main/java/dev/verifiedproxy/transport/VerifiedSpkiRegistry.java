package dev.verifiedproxy.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which (domain, SPKI) pairs are verified and until when, and, behind the gateway, which models'
 * attestations are verified for each such pair; with at most one verification in flight per key:
 * concurrent first requests wait for the one attestation instead of each asking the backend for
 * fresh GPU evidence. Recent failures are remembered for a short back-off so a misbehaving backend
 * is not re-attested on every request; a model's failure is its own, so a request for a model the
 * gateway cannot attest never holds up the others; and a failure on a caller's credential is that
 * caller's own, so one client's bad API key never holds up another's.
 */
final class VerifiedSpkiRegistry {

    /** Entries beyond this trigger a sweep of expired ones (many CVMs, frequent rotation, many models). */
    private static final int SWEEP_THRESHOLD = 1024;

    /**
     * @param domain the backend domain
     * @param spki   the TLS key of the connections it covers
     * @param model  null for the key itself; behind the gateway, the model whose attestation was fetched over
     *               that key (a gateway report attests only the model it was asked for)
     */
    record Key(String domain, SpkiHash spki, String model) {

        Key(String domain, SpkiHash spki) {
            this(domain, spki, null);
        }

        Key forModel(String name) {
            return new Key(domain, spki, Objects.requireNonNull(name, "model"));
        }
    }

    private record RecentFailure(TransportException failure, Instant until) {
    }

    @FunctionalInterface
    interface Attestation {
        VerifiedBackend run() throws TransportException;
    }

    private final Map<Key, VerifiedBackend> verified = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<Optional<VerifiedBackend>>> inFlight = new ConcurrentHashMap<>();
    private final Map<Key, RecentFailure> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration failureBackoff;
    private final Duration waitLimit;

    VerifiedSpkiRegistry(Clock clock, Duration failureBackoff, Duration waitLimit) {
        this.clock = clock;
        this.failureBackoff = failureBackoff;
        this.waitLimit = waitLimit;
    }

    Optional<VerifiedBackend> fresh(Key key) {
        VerifiedBackend entry = verified.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.isFreshAt(clock.instant())) {
            verified.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /**
     * Returns the pair's verification, running {@code attestation} only if no fresh one exists
     * and none is in flight; otherwise waits for the one in flight and shares its result.
     *
     * <p>A failure that depends on the caller's credential ({@link TransportFailure#callerSpecific()}: the
     * gateway refused its API key, or the key was withheld) is the caller's alone: it is not remembered for the
     * back-off, and those waiting for that attestation are not handed it but try again, one at a time, each with
     * its own credential.
     */
    VerifiedBackend verifyOnce(Key key, Attestation attestation) throws TransportException {
        long waitDeadline = System.nanoTime() + waitLimit.toNanos();
        while (true) {
            Optional<VerifiedBackend> known = fresh(key);
            if (known.isPresent()) {
                return known.get();
            }
            RecentFailure recent = failures.get(key);
            if (recent != null) {
                if (clock.instant().isBefore(recent.until())) {
                    throw repeat(recent.failure());
                }
                failures.remove(key, recent);
            }
            CompletableFuture<Optional<VerifiedBackend>> mine = new CompletableFuture<>();
            CompletableFuture<Optional<VerifiedBackend>> running = inFlight.putIfAbsent(key, mine);
            if (running != null) {
                Optional<VerifiedBackend> shared = await(key, running, waitDeadline);
                if (shared.isPresent()) {
                    return shared.get();
                }
                // That attempt failed on its caller's credential: this caller tries with its own.
                continue;
            }
            return run(key, attestation, mine);
        }
    }

    /** Runs the attestation as the one in flight for the key; completes {@code mine} for those waiting. */
    private VerifiedBackend run(Key key, Attestation attestation, CompletableFuture<Optional<VerifiedBackend>> mine)
            throws TransportException {
        try {
            VerifiedBackend result = fresh(key).orElse(null);
            if (result == null) {
                result = attestation.run();
                store(key, result);
            }
            mine.complete(Optional.of(result));
            return result;
        } catch (TransportException e) {
            if (e.failure().callerSpecific()) {
                mine.complete(Optional.empty());
                throw e;
            }
            if (!failureBackoff.isZero()) {
                failures.put(key, new RecentFailure(e, clock.instant().plus(failureBackoff)));
                if (failures.size() > SWEEP_THRESHOLD) {
                    // Model names come from clients: failed ones must not pile up.
                    Instant now = clock.instant();
                    failures.values().removeIf(failure -> !now.isBefore(failure.until()));
                }
            }
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            TransportException wrapped = new TransportException(TransportFailure.ATTESTATION_REJECTED, key.domain(),
                    "verifier", "verification could not run: " + e, e);
            mine.completeExceptionally(wrapped);
            throw wrapped;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The shared result of the attestation in flight; empty when it failed on its own caller's credential. */
    private Optional<VerifiedBackend> await(Key key, CompletableFuture<Optional<VerifiedBackend>> running,
                                            long waitDeadline) throws TransportException {
        try {
            return running.get(Math.max(0, waitDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException failure) {
                throw repeat(failure);
            }
            throw new TransportException(TransportFailure.ATTESTATION_REJECTED, key.domain(), "verifier",
                    "verification could not run: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TransportException(TransportFailure.TIMEOUT, key.domain(),
                    "waited " + waitLimit + " for the attestation already in progress", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(TransportFailure.IO, key.domain(), "interrupted", e);
        }
    }

    private void store(Key key, VerifiedBackend result) {
        verified.put(key, result);
        if (verified.size() > SWEEP_THRESHOLD) {
            Instant now = clock.instant();
            verified.values().removeIf(entry -> !entry.isFreshAt(now));
        }
    }

    /** Each waiting request gets its own exception (stack), with the same reason and message. */
    private static TransportException repeat(TransportException original) {
        return new TransportException(original.failure(), original.domain(), original.failedCheck(),
                original.detail(), original.refusal().orElse(null), original);
    }

    /** Forget every verification, e.g. when the policy changes. */
    void clear() {
        verified.clear();
        failures.clear();
    }

    int size() {
        return verified.size();
    }

    /** Failures remembered for their back-off (expired ones until the next sweep). */
    int recentFailures() {
        return failures.size();
    }
}
