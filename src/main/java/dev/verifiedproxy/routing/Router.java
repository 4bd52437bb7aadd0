package dev.verifiedproxy.routing;

import dev.verifiedproxy.transport.BackendRole;

/**
 * Chooses the backend for a request. In direct mode a request goes to the model CVM serving its
 * model (from the endpoint registry) or to the domain its {@code X-Backend-Domain} header names,
 * if that domain is allowed. In gateway mode everything goes to the NEAR AI gateway.
 */
public final class Router {

    public enum Mode {
        DIRECT,
        GATEWAY
    }

    private final Mode mode;
    private final String gatewayDomain;
    private final EndpointDiscovery discovery;
    private final DomainAllowList allowList;
    private final EndpointResolver resolver;

    public Router(Mode mode, String gatewayDomain, EndpointDiscovery discovery, DomainAllowList allowList,
                  EndpointResolver resolver) {
        this.mode = mode;
        this.gatewayDomain = gatewayDomain;
        this.discovery = discovery;
        this.allowList = allowList;
        this.resolver = resolver;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * @param backendDomain the client's {@code X-Backend-Domain} header, or null
     * @param model         the request's model, or null
     */
    public Route route(String backendDomain, String model) throws RouteException {
        if (mode == Mode.GATEWAY) {
            if (backendDomain != null) {
                throw new RouteException(RouteException.Reason.DOMAIN_NOT_ALLOWED,
                        "X-Backend-Domain is not accepted in gateway mode: every request goes to " + gatewayDomain + ".", null);
            }
            return new Route(resolver.resolve(gatewayDomain), BackendRole.GATEWAY, model);
        }
        if (backendDomain != null) {
            if (!allowList.allows(backendDomain)) {
                throw new RouteException(RouteException.Reason.DOMAIN_NOT_ALLOWED, "X-Backend-Domain '"
                        + abbreviate(backendDomain) + "' is not in verifiedproxy.upstream.allowed-domains "
                        + allowList.patterns() + ".", null);
            }
            return new Route(resolver.resolve(backendDomain), BackendRole.MODEL, model);
        }
        if (model == null || model.isBlank()) {
            throw new RouteException(RouteException.Reason.NO_MODEL,
                    "The request names no model, so no backend can be chosen; add \"model\" or an X-Backend-Domain header.", null);
        }
        String domain = discovery.directory().domainFor(model).orElseThrow(() -> new RouteException(
                RouteException.Reason.UNKNOWN_MODEL, "The model '" + abbreviate(model)
                + "' does not exist or is not served by an allowed NEAR AI endpoint.", null));
        return new Route(resolver.resolve(domain), BackendRole.MODEL, model);
    }

    /** The NEAR AI gateway, whatever the mode (the gateway verification endpoint); {@code model} may be null. */
    public Route gateway(String model) {
        return new Route(resolver.resolve(gatewayDomain), BackendRole.GATEWAY, model);
    }

    /** Directory of models for {@code GET /v1/models} in direct mode. */
    public EndpointDirectory directory() throws RouteException {
        return discovery.directory();
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
