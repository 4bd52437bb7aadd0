package dev.verifiedproxy.verify;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.signature.ChatSignatureChecker;
import dev.verifiedproxy.signature.SignatureInputException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;

/**
 * {@code POST /verify/signature}: checks one NEAR chat signature (architecture.md §4). Malformed
 * input is 400; a signature that does not verify is 200 with {@code "valid": false}. The signer is
 * the document's own {@code signing_address}: whether that address belongs to an attested TEE is
 * what {@code /verify/model/…} and {@code /verify/gateway} establish.
 */
@Path("verify/signature")
@RequestScoped
public class SignatureResource {

    private static final ChatSignatureChecker CHECKER = new ChatSignatureChecker();

    @Inject
    ProxyConfig config;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public String verify(InputStream body) {
        try {
            SignatureCheckRequest request = SignatureCheckRequest.fromJson(
                    JsonBodies.readObject(body, config.get(ConfigKeys.VERIFY_MAX_BODY)));
            return SignatureVerdictJson.of(CHECKER.checkBodies(request.signature(),
                    request.signature().signingAddress(), request.requestBytes(), request.responseBytes()));
        } catch (SignatureInputException e) {
            throw ApiException.badRequest(e.getMessage(), e.field());
        }
    }
}
