package dev.verifiedproxy.net;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A complete, size-bounded HTTP response.
 *
 * @param status  HTTP status code
 * @param headers response headers; names are matched case-insensitively by {@link #header}
 * @param body    the whole body
 */
public record FetchedResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public FetchedResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = copy;
        body = body.clone();
    }

    /** The first value of a header, names compared without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
