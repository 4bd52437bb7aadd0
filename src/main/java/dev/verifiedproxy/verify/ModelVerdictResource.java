package dev.verifiedproxy.verify;

import dev.verifiedproxy.proxy.ClientAuthenticator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /verify/model/{model}} (model ids contain slashes, e.g. {@code Qwen/Qwen3.5-122B-A10B}): the
 * backend serving the model, chosen as the proxy chooses it, attested now with a fresh nonce on a connection
 * of its own, and its full verdict, with {@code backend} and the archived {@code evidenceId}. Clients
 * authenticate as for {@code /v1} (the request may use the proxy's API key).
 */
@Path("verify/model")
@RequestScoped
public class ModelVerdictResource {

    @Inject
    VerificationService service;

    @Inject
    ClientAuthenticator authenticator;

    @Context
    HttpServletRequest servletRequest;

    @GET
    @Path("{model: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(@PathParam("model") String model, @HeaderParam("Authorization") String authorization) {
        authenticator.authenticate(authorization, servletRequest);
        return Verdicts.ok(service.model(model, authorization));
    }
}
