package dev.verifiedproxy.transport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to write on a verified connection.
 *
 * @param method       HTTP method
 * @param pathAndQuery origin-form target, e.g. {@code /v1/chat/completions?x=1}
 * @param headers      end-to-end headers to send (Host and framing are set by the client)
 * @param body         the exact body bytes, or null for none
 */
public record BackendRequest(String method, String pathAndQuery, List<Map.Entry<String, String>> headers, byte[] body) {

    public BackendRequest {
        Objects.requireNonNull(method);
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("request target must be origin-form (start with /)");
        }
        headers = List.copyOf(headers);
        body = body == null ? null : body.clone();
    }

    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** The body without copying, for writing it out. */
    byte[] bodyUnsafe() {
        return body;
    }
}
