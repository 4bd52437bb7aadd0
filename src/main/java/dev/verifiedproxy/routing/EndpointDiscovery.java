package dev.verifiedproxy.routing;

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
import java.util.concurrent.locks.ReentrantLock;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Reads NEAR's endpoint registry ({@code GET https://completions.near.ai/endpoints}) to learn
 * which domain serves a model, keeps it for a TTL and, when a refresh fails, keeps serving the
 * last good copy. The registry is operator-controlled and unattested: it can only choose among
 * allowed domains, and attestation (including the report's model name) decides trust.
 */
public final class EndpointDiscovery {

    /** The registry lists tens of entries; anything near this size is not a registry. */
    private static final long MAX_BYTES = 2L * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(EndpointDiscovery.class.getName());

    private final HttpFetcher fetcher;
    private final URI url;
    private final Duration ttl;
    private final Duration timeout;
    private final DomainAllowList allowList;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile EndpointDirectory current;

    public EndpointDiscovery(HttpFetcher fetcher, URI url, Duration ttl, Duration timeout, DomainAllowList allowList,
                             Clock clock) {
        this.fetcher = fetcher;
        this.url = url;
        this.ttl = ttl;
        this.timeout = timeout;
        this.allowList = allowList;
        this.clock = clock;
    }

    /** The current directory, refreshed if older than the TTL; stale if the refresh fails. */
    public EndpointDirectory directory() throws RouteException {
        EndpointDirectory snapshot = current;
        if (snapshot != null && isFresh(snapshot)) {
            return snapshot;
        }
        refreshing.lock();
        try {
            snapshot = current;
            if (snapshot != null && isFresh(snapshot)) {
                return snapshot;
            }
            try {
                current = fetch();
                return current;
            } catch (FetchException | DirectoryFormatException e) {
                if (snapshot != null) {
                    LOG.log(System.Logger.Level.WARNING, "endpoint registry refresh failed ({0}); serving the copy from {1}",
                            e.getMessage(), snapshot.fetchedAt());
                    return snapshot;
                }
                throw new RouteException(RouteException.Reason.DISCOVERY_UNAVAILABLE,
                        "NEAR endpoint registry " + url + " is unavailable: " + e.getMessage(), e);
            }
        } finally {
            refreshing.unlock();
        }
    }

    private boolean isFresh(EndpointDirectory snapshot) {
        return clock.instant().isBefore(snapshot.fetchedAt().plus(ttl));
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
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
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
