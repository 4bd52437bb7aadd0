package dev.verifiedproxy.verify;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/**
 * {@code POST /verify/bundle}: the full verdict of an evidence bundle (architecture.md §4), computed offline
 * with the bundle's own collateral, NRAS answers and instant; no network. 200 with the verdict (also when it
 * says {@code verified: false}); 400 for a body that is not a valid bundle; 413 beyond the body limit.
 */
@Path("verify/bundle")
@RequestScoped
public class BundleResource {

    @Inject
    VerificationService service;

    @Inject
    ProxyConfig config;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(InputStream body) {
        return Verdicts.ok(service.bundle(JsonBodies.readObject(body, config.get(ConfigKeys.VERIFY_MAX_BODY))));
    }
}
