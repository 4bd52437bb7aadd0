package dev.verifiedproxy.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Which backend an exchange needs and how to attest it.
 *
 * @param endpoint           where the backend is
 * @param role               gateway or model backend
 * @param model              the requested model, or null
 * @param attestationHeaders extra headers for the report request (the gateway requires an API key)
 */
public record BackendTarget(BackendEndpoint endpoint, BackendRole role, String model,
                            Map<String, String> attestationHeaders) {

    public BackendTarget {
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(role);
        attestationHeaders = Map.copyOf(attestationHeaders);
    }

    @Override
    public String toString() {
        // attestationHeaders may hold an API key: never print them.
        return "BackendTarget[" + endpoint.domain() + ", " + role + ", model " + model + "]";
    }
}
