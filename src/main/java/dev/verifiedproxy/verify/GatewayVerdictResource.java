package dev.verifiedproxy.verify;

import dev.verifiedproxy.proxy.ClientAuthenticator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /verify/gateway}: the configured NEAR AI gateway attested now with a fresh nonce on a connection
 * of its own, and its full verdict. The gateway wants an API key for its report: the proxy's
 * ({@code verifiedproxy.upstream.api-key}) if it holds one, else the caller's {@code Authorization}.
 */
@Path("verify/gateway")
@RequestScoped
public class GatewayVerdictResource {

    @Inject
    VerificationService service;

    @Inject
    ClientAuthenticator authenticator;

    @Context
    HttpServletRequest servletRequest;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(@HeaderParam("Authorization") String authorization) {
        authenticator.authenticate(authorization, servletRequest);
        return Verdicts.ok(service.gateway(authorization));
    }
}
