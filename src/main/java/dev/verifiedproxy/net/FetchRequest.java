package dev.verifiedproxy.net;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a service whose answers are verified by signature (Intel PCS, NVIDIA
 * NRAS, NEAR endpoint discovery). Every request carries its own timeout and response size limit.
 *
 * @param method           GET or POST
 * @param uri              absolute http(s) URI
 * @param headers          request headers
 * @param body             request body, or null for none
 * @param timeout          time allowed for the whole exchange
 * @param maxResponseBytes largest response body accepted; more is a {@link FetchException.Reason#TOO_LARGE}
 */
public record FetchRequest(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                           long maxResponseBytes) {

    public FetchRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        body = body == null ? null : body.clone();
        Objects.requireNonNull(timeout, "timeout");
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
    }

    public static FetchRequest get(URI uri, Duration timeout, long maxResponseBytes) {
        return new FetchRequest("GET", uri, Map.of(), null, timeout, maxResponseBytes);
    }

    public static FetchRequest post(URI uri, String contentType, byte[] body, Duration timeout, long maxResponseBytes) {
        return new FetchRequest("POST", uri, Map.of("Content-Type", contentType), body, timeout, maxResponseBytes);
    }

    public FetchRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new FetchRequest(method, uri, copy, body, timeout, maxResponseBytes);
    }

    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }
}
