package dev.verifiedproxy.proxy;

import jakarta.servlet.http.HttpServletRequest;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client request as the proxy received it.
 *
 * @param method   HTTP method
 * @param path     raw (still percent-encoded) path below the context root, e.g. {@code v1/chat/completions}
 * @param rawQuery raw query string, or null
 * @param headers  request headers in arrival order
 * @param body     the body stream, or null when the method carries none
 * @param servlet  the servlet request, for container authentication
 */
record ProxiedRequest(String method, String path, String rawQuery, List<Map.Entry<String, String>> headers,
                      InputStream body, HttpServletRequest servlet) {

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    String pathAndQuery() {
        return "/" + path + (rawQuery == null ? "" : "?" + rawQuery);
    }
}
