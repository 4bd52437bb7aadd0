package dev.verifiedproxy.transport;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a backend domain is reached. The domain is what TLS (SNI) and HTTP (Host) name; the
 * connect host and port are where the TCP connection goes. They differ only when the operator
 * maps a domain to another address (tests, demo, a private network path): identity never comes
 * from the address or DNS, only from attestation over the connection.
 *
 * @param domain      backend host name, lower case
 * @param connectHost host name or IP address to connect to
 * @param port        TCP port
 */
public record BackendEndpoint(String domain, String connectHost, int port) {

    public BackendEndpoint {
        domain = Objects.requireNonNull(domain, "domain").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(connectHost, "connectHost");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static BackendEndpoint of(String domain, int port) {
        return new BackendEndpoint(domain, domain, port);
    }
}
