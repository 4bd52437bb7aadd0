package dev.verifiedproxy.verify;

import dev.verifiedproxy.chatcheck.ChatSignatureVerifier;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
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

/**
 * {@code GET /verify/chat/{id}}: the result of the proxy's own signature check of a chat answer it
 * relayed (see {@link ChatCheckJson}); 404 when the id is unknown, was never checked, or its result
 * is older than {@code verifiedproxy.signatures.store-ttl}. Clients authenticate as for {@code /v1}:
 * the result tells which backend answered and the hashes of a client's prompt and answer.
 */
@Path("verify/chat/{id}")
@RequestScoped
public class ChatCheckResource {

    @Inject
    ChatSignatureVerifier verifier;

    @Inject
    ClientAuthenticator authenticator;

    @Context
    HttpServletRequest servletRequest;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String result(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        authenticator.authenticate(authorization, servletRequest);
        return verifier.result(id).map(ChatCheckJson::of).orElseThrow(() -> new ApiException(new ApiError(404,
                "No signature check is known for this chat id: unknown, never checked (enable "
                        + ConfigKeys.SIGNATURES_VERIFY.name() + " or send X-Verified-Proxy-Verify-Signature: true), or "
                        + "older than " + ConfigKeys.SIGNATURES_STORE_TTL.name() + ".", "not_found_error", "id",
                "chat_check_not_found")));
    }
}
