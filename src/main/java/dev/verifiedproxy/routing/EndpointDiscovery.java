package dev.verifiedproxy.routing;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.net.FetchedResponse;
import dev.verifiedproxy.net.HttpFetcher;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;


/**
 * Reads NEAR's endpoint registry ({@code GET https://completions.near.ai/endpoints}) to learn
 * which domain serves a model, keeps it for a TTL and, when a refresh fails, keeps serving the
 * last good copy. The registry is operator-controlled and unattested: it can only choose among
 * allowed domains, and attestation (including the report's model name) decides trust.
 *
 * <p>A slow or silent registry must not hold requests up: at most one read is in flight. While a
 * copy exists, only the request that starts a refresh waits for it; every other request gets the
 * copy at once, stale or not. After a failed refresh the stale copy is served without another read
 * for {@code min(ttl, 30s)}. Only without any copy do requests wait, all for the same read.
 */
public final class EndpointDiscovery {

    /** The registry lists tens of entries; anything near this size is not a registry. */
    private static final long MAX_BYTES = 2L * 1024 * 1024;
    /** Longest pause between reads of a registry that failed while a stale copy is served. */
    static final Duration MAX_FAILURE_BACKOFF = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(EndpointDiscovery.class.getName());

    private final HttpFetcher fetcher;
    private final URI url;
    private final Duration ttl;
    private final Duration timeout;
    private final Duration failureBackoff;
    private final DomainAllowList allowList;
    private final Clock clock;
    private final Object lock = new Object();
    /** The read in progress, or null; guarded by {@link #lock}. */
    private CompletableFuture<EndpointDirectory> inFlight;
    private volatile EndpointDirectory current;
    /** No read before this instant (after a failed refresh with a copy to serve). */
    private volatile Instant nextAttempt = Instant.MIN;

    public EndpointDiscovery(HttpFetcher fetcher, URI url, Duration ttl, Duration timeout, DomainAllowList allowList,
                             Clock clock) {
        this.fetcher = fetcher;
        this.url = url;
        this.ttl = ttl;
        this.timeout = timeout;
        this.failureBackoff = ttl.compareTo(MAX_FAILURE_BACKOFF) < 0 ? ttl : MAX_FAILURE_BACKOFF;
        this.allowList = allowList;
        this.clock = clock;
    }

    /**
     * The current directory, refreshed if older than the TTL; the stale copy while another request
     * refreshes it, after the refresh failed, or during the back-off that follows a failure.
     *
     * @throws RouteException DISCOVERY_UNAVAILABLE when there is no copy and the registry could not be read
     */
    public EndpointDirectory directory() throws RouteException {
        EndpointDirectory snapshot = current;
        if (snapshot != null && usable(snapshot)) {
            return snapshot;
        }
        CompletableFuture<EndpointDirectory> running;
        CompletableFuture<EndpointDirectory> mine = null;
        synchronized (lock) {
            // Again under the lock: a read may have finished since the check above.
            snapshot = current;
            if (snapshot != null && usable(snapshot)) {
                return snapshot;
            }
            running = inFlight;
            if (running == null) {
                mine = new CompletableFuture<>();
                inFlight = mine;
            }
        }
        if (mine == null) {
            return snapshot != null ? snapshot : await(running);
        }
        return refresh(snapshot, mine);
    }

    /** Reads the registry as the one read in flight, and ends that read whatever happens. */
    private EndpointDirectory refresh(EndpointDirectory stale, CompletableFuture<EndpointDirectory> mine)
            throws RouteException {
        try {
            EndpointDirectory fetched = fetch();
            current = fetched;
            nextAttempt = Instant.MIN;
            mine.complete(fetched);
            return fetched;
        } catch (FetchException | DirectoryFormatException e) {
            if (stale != null) {
                nextAttempt = clock.instant().plus(failureBackoff);
                LOG.log(System.Logger.Level.WARNING, "endpoint registry refresh failed ({0}); serving the copy from {1},"
                        + " next attempt in {2}", e.getMessage(), stale.fetchedAt(), failureBackoff);
                mine.complete(stale);
                return stale;
            }
            // No back-off without a copy: there is nothing to serve meanwhile, so the next request tries again.
            RouteException failure = unavailable(e);
            mine.completeExceptionally(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
        }
    }

    /** Without a copy, callers share the one read's outcome (bounded: the read itself has a timeout). */
    private EndpointDirectory await(CompletableFuture<EndpointDirectory> flight) throws RouteException {
        try {
            return flight.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RouteException failure) {
                throw new RouteException(failure.reason(), failure.getMessage(), failure);
            }
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private RouteException unavailable(Throwable cause) {
        String reason = cause instanceof TimeoutException ? "no answer in time" : cause.getMessage();
        return new RouteException(RouteException.Reason.DISCOVERY_UNAVAILABLE,
                "NEAR endpoint registry " + url + " is unavailable: " + reason, cause);
    }

    /** Fresh, or stale but inside the back-off after a failed refresh. */
    private boolean usable(EndpointDirectory snapshot) {
        Instant now = clock.instant();
        return now.isBefore(snapshot.fetchedAt().plus(ttl)) || now.isBefore(nextAttempt);
    }

    private EndpointDirectory fetch() throws FetchException, DirectoryFormatException {
        FetchedResponse response = fetcher.send(FetchRequest.get(url, timeout, MAX_BYTES)
                .withHeader("Accept", "application/json"));
        if (!response.isSuccess()) {
            throw new DirectoryFormatException("HTTP " + response.status());
        }
        return parse(response.body(), clock.instant(), allowList);
    }

    /** Parses {@code {"endpoints":[{"domain":..,"models":[..]},..]}}, dropping entries for domains not allowed. */
    static EndpointDirectory parse(byte[] body, Instant fetchedAt, DomainAllowList allowList) throws DirectoryFormatException {
        JsonObject root;
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new DirectoryFormatException("not a JSON object");
            }
            root = value.asJsonObject();
        } catch (JsonException e) {
            throw new DirectoryFormatException("not JSON: " + e.getMessage());
        }
        JsonValue endpoints = root.get("endpoints");
        if (endpoints == null || endpoints.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new DirectoryFormatException("no \"endpoints\" array");
        }
        Map<String, String> domainByModel = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (JsonValue entry : (JsonArray) endpoints) {
            if (entry.getValueType() != JsonValue.ValueType.OBJECT
                    || !(entry.asJsonObject().get("domain") instanceof JsonString domainValue)
                    || !(entry.asJsonObject().get("models") instanceof JsonArray models)) {
                throw new DirectoryFormatException("an endpoint entry lacks \"domain\" or \"models\"");
            }
            String domain = domainValue.getString();
            if (!allowList.allows(domain)) {
                ignored.add(domain);
                continue;
            }
            for (JsonValue model : models) {
                if (model instanceof JsonString name) {
                    domainByModel.put(name.getString(), domain);
                }
            }
        }
        return new EndpointDirectory(domainByModel, fetchedAt, ignored);
    }

    /** The registry answered, but not with a registry. */
    static final class DirectoryFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        DirectoryFormatException(String message) {
            super(message);
        }
    }
}
