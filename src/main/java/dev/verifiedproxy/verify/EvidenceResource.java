package dev.verifiedproxy.verify;

import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /verify/evidence/{id}}: the evidence bundle of a verification the proxy performed (its id is in
 * the {@code X-Verified-Proxy-Evidence} header of proxied answers, in attestation errors and in live verdicts),
 * as long as the bounded archive still holds it; {@code POST} it to {@code /verify/bundle} to re-verify it.
 * 404 when unknown or evicted.
 */
@Path("verify/evidence")
@RequestScoped
public class EvidenceResource {

    @Inject
    VerificationService service;

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response find(@PathParam("id") String id) {
        return service.evidence(id).map(bundle -> Verdicts.ok(new String(bundle, StandardCharsets.UTF_8)))
                .orElseThrow(() -> new ApiException(new ApiError(404, "No archived evidence with id '"
                        + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + "' (unknown, or evicted from the bounded archive).",
                        "not_found_error", "id", "evidence_not_found")));
    }
}
