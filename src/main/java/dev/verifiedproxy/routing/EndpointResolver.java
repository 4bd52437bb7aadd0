package dev.verifiedproxy.routing;

import dev.verifiedproxy.transport.BackendEndpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a backend domain into the address to connect to: the domain itself on the default port,
 * unless the operator mapped it elsewhere with {@code domain=host:port} (like curl's
 * {@code --resolve}). A mapping changes only where packets go; SNI, Host and the attested
 * identity stay those of the domain.
 */
public final class EndpointResolver {

    private final int defaultPort;
    private final Map<String, BackendEndpoint> overrides = new HashMap<>();

    /** @param mappings entries {@code domain=host:port} */
    public EndpointResolver(int defaultPort, List<String> mappings) {
        this.defaultPort = defaultPort;
        for (String mapping : mappings) {
            BackendEndpoint endpoint = parse(mapping);
            overrides.put(endpoint.domain(), endpoint);
        }
    }

    public BackendEndpoint resolve(String domain) {
        String key = domain.toLowerCase(Locale.ROOT);
        BackendEndpoint override = overrides.get(key);
        return override != null ? override : BackendEndpoint.of(key, defaultPort);
    }

    /** Parses one {@code domain=host:port} mapping; throws {@link IllegalArgumentException} saying what is wrong. */
    public static BackendEndpoint parse(String mapping) {
        int equals = mapping.indexOf('=');
        int colon = mapping.lastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1 || colon == mapping.length() - 1) {
            throw new IllegalArgumentException("'" + mapping + "' is not domain=host:port");
        }
        String domain = mapping.substring(0, equals).strip();
        if (!DomainAllowList.isHostName(domain.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + domain + "' is not a host name");
        }
        int port;
        try {
            port = Integer.parseInt(mapping.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + mapping + "' has no valid port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + mapping + "' has no valid port");
        }
        return new BackendEndpoint(domain, mapping.substring(equals + 1, colon).strip(), port);
    }
}
