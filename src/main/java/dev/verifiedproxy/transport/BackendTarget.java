package dev.verifiedproxy.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Which backend an exchange needs and how to attest it.
 *
 * @param endpoint           where the backend is
 * @param role               gateway or model backend
 * @param model              the requested model, or null
 * @param attestationHeaders credential headers for the report request, which goes out before the backend is proved:
 *                           only the gateway's needs one (its API key, protocol.md §0 item 2), and the pool sends it
 *                           only to a peer whose certificate is WebPKI-valid for the domain. A model CVM's report is
 *                           unauthenticated, so a model target has none.
 */
public record BackendTarget(BackendEndpoint endpoint, BackendRole role, String model,
                            Map<String, String> attestationHeaders) {

    public BackendTarget {
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(role);
        attestationHeaders = Map.copyOf(attestationHeaders);
        if (role == BackendRole.MODEL && !attestationHeaders.isEmpty()) {
            // Direct attestation is unauthenticated: a credential there would only reach whoever answers the name.
            throw new IllegalArgumentException("a model backend's attestation report carries no credential");
        }
    }

    /**
     * The target for a request whose upstream credential is {@code authorization} (an {@code Authorization} value, or
     * null): the gateway's report request carries it, a model CVM's never does.
     */
    public static BackendTarget withCredential(BackendEndpoint endpoint, BackendRole role, String model,
                                               String authorization) {
        boolean sent = role == BackendRole.GATEWAY && authorization != null;
        return new BackendTarget(endpoint, role, model, sent ? Map.of("Authorization", authorization) : Map.of());
    }

    @Override
    public String toString() {
        // attestationHeaders may hold an API key: never print them.
        return "BackendTarget[" + endpoint.domain() + ", " + role + ", model " + model + "]";
    }
}
