package dev.verifiedproxy.routing;

import dev.verifiedproxy.transport.BackendEndpoint;
import dev.verifiedproxy.transport.BackendRole;

/**
 * Where one proxied request goes.
 *
 * @param endpoint the backend
 * @param role     gateway or model backend
 * @param model    the model the request names, or null
 */
public record Route(BackendEndpoint endpoint, BackendRole role, String model) {
}
