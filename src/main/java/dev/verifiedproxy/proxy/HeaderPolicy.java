package dev.verifiedproxy.proxy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) and the names a
 * {@code Connection} header lists never do; framing is recomputed on each side; credentials and
 * client-identifying headers are not forwarded unless they are the request's own API key.
 * Client-identifying means every {@code X-Forwarded-*} variant (For, Host, Proto, Port, Prefix,
 * Server, Ssl, Client-Cert, ...: load balancers keep inventing them, so the prefix is matched, not
 * a list), {@code X-Forwarded}, {@code Forwarded} (RFC 7239) and {@code X-Real-IP}: they describe
 * the enterprise's network to a backend that has no use for it.
 */
final class HeaderPolicy {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    /** Never forwarded upstream: set by us, or none of the backend's business. */
    private static final Set<String> REQUEST_DROPPED = Set.of("host", "content-length", "authorization",
            "x-backend-domain", "accept-encoding", "cookie", "forwarded", "x-forwarded", "x-real-ip", "expect");

    /** Every header with this (lower-case) prefix is dropped upstream. */
    private static final String FORWARDED_PREFIX = "x-forwarded-";

    /** Never copied back to the client: framing is the container's, and our own headers are set separately. */
    private static final Set<String> RESPONSE_DROPPED = Set.of("content-length", "set-cookie");

    private HeaderPolicy() {
    }

    /** Our own {@link ProxyHeaders} (the client's options for the proxy) are not forwarded either. */
    static List<Map.Entry<String, String>> upstreamHeaders(List<Map.Entry<String, String>> incoming) {
        return withoutPrefix(withoutPrefix(filter(incoming, REQUEST_DROPPED), ProxyHeaders.PREFIX_LOWER), FORWARDED_PREFIX);
    }

    static List<Map.Entry<String, String>> downstreamHeaders(List<Map.Entry<String, String>> fromBackend) {
        return withoutPrefix(filter(fromBackend, RESPONSE_DROPPED), ProxyHeaders.PREFIX_LOWER);
    }

    /** @param prefix lower case */
    private static List<Map.Entry<String, String>> withoutPrefix(List<Map.Entry<String, String>> headers, String prefix) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            if (!header.getKey().toLowerCase(Locale.ROOT).startsWith(prefix)) {
                kept.add(header);
            }
        }
        return kept;
    }

    private static List<Map.Entry<String, String>> filter(List<Map.Entry<String, String>> headers, Set<String> dropped) {
        Set<String> listedInConnection = new HashSet<>();
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("connection")) {
                for (String token : header.getValue().split(",")) {
                    listedInConnection.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !dropped.contains(name) && !listedInConnection.contains(name)) {
                kept.add(header);
            }
        }
        return kept;
    }
}
