package dev.verifiedproxy.verify;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapResultJson;
import dev.verifiedproxy.dcap.DcapService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.time.Instant;

/**
 * {@code POST /verify/quote}: DCAP facts for one quote (architecture.md §4). 400 for a body that is not
 * JSON or whose quote, collateral or time cannot be decoded, 413 above {@code verifiedproxy.verify.max-body-bytes};
 * otherwise 200 with {@code verified} and, when false, the failing check. No verification logic here:
 * {@link DcapService} does it. Collateral sent here is a caller's: the verifier keeps its prepared form only in
 * its small, byte-bounded visitor memo, never beside the proxy's own ({@code DcapVerifier}).
 */
@Path("verify/quote")
@RequestScoped
public class QuoteResource {

    @Inject
    DcapService dcap;

    @Inject
    ProxyConfig config;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(InputStream body) {
        QuoteRequest request = QuoteRequest.of(JsonBodies.readObject(body, config.get(ConfigKeys.VERIFY_MAX_BODY)),
                Instant.now());
        DcapResult result = dcap.verify(request.quote(), request.collateral(), request.at(), DcapOptions.DEFAULT);
        return Response.ok(DcapResultJson.toJson(result).toString(), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").build();
    }
}
