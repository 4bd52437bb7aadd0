package dev.verifiedproxy.proxy;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ConfigKeys.ClientAuth;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Decides whether a client may use the proxy. This matters when the proxy holds the NEAR API
 * key: it must not become an open relay for it. Tokens are compared as SHA-256 digests in
 * constant time; container authentication uses the server's own realm (Tomcat, WildFly and
 * Payara each configure theirs) through the Servlet API, and requires the configured role.
 */
@ApplicationScoped
public class ClientAuthenticator {

    @Inject
    ProxyConfig config;

    private List<byte[]> tokenDigests;

    /** One outside CDI (tests, tools), configured as the bean would be. */
    public static ClientAuthenticator of(ProxyConfig config) {
        ClientAuthenticator authenticator = new ClientAuthenticator();
        authenticator.config = config;
        authenticator.init();
        return authenticator;
    }

    @PostConstruct
    void init() {
        tokenDigests = config.find(ConfigKeys.CLIENT_TOKENS).orElse(List.of()).stream().map(ClientAuthenticator::sha256).toList();
    }

    /** Returns normally if the client may proceed; otherwise throws a 401 or 403 {@link ApiException}. */
    public void authenticate(String authorization, HttpServletRequest request) {
        ClientAuth mode = config.get(ConfigKeys.CLIENT_AUTH);
        if (mode == ClientAuth.NONE) {
            return;
        }
        if ((mode == ClientAuth.TOKEN || mode == ClientAuth.TOKEN_OR_CONTAINER) && tokenMatches(authorization)) {
            return;
        }
        if (mode == ClientAuth.CONTAINER || mode == ClientAuth.TOKEN_OR_CONTAINER) {
            containerAuthenticate(authorization, request);
            return;
        }
        throw unauthorized("A valid proxy token is required: send Authorization: Bearer <token>.");
    }

    private boolean tokenMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        boolean match = false;
        for (byte[] digest : tokenDigests) {
            // No early exit: the time taken does not depend on which token matched.
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    private void containerAuthenticate(String authorization, HttpServletRequest request) {
        String role = config.get(ConfigKeys.CLIENT_ROLE);
        if (request.getUserPrincipal() == null) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw unauthorized("Authenticate to the proxy: Authorization: Basic with a user of the server's realm"
                        + (config.get(ConfigKeys.CLIENT_AUTH) == ClientAuth.TOKEN_OR_CONTAINER ? ", or a proxy token" : "")
                        + ".");
            }
            String[] credentials = decodeBasic(authorization);
            try {
                request.login(credentials[0], credentials[1]);
            } catch (ServletException e) {
                throw unauthorized("The server's realm rejected these credentials.");
            }
        }
        if (!request.isUserInRole(role)) {
            throw new ApiException(new ApiError(403, "This user lacks the role '" + role + "' required to use the proxy.",
                    "permission_error", null, "role_required"));
        }
    }

    private static String[] decodeBasic(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw unauthorized("Malformed Basic credentials.");
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw unauthorized("Malformed Basic credentials.");
        }
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(new ApiError(401, message, "authentication_error", null, "proxy_authentication_required"));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
