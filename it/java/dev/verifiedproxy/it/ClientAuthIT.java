package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A proxy that holds the NEAR API key is no open relay: its clients authenticate with a proxy
 * token (every server) or through the server's own realm (see {@link ContainerAuthIT}), and the
 * held key replaces whatever they sent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientAuthIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return AuthDeployments.withHeldKey();
    }

    @ArquillianResource
    URL reported;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static HttpResponse<String> echo(HttpClient http, URI base, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v1/echo")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + ItEnvironment.MODEL_A + "\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutCredentialsNothingIsForwarded() throws Exception {
        SimulatedTeeBackend backend = ItEnvironment.get().backendA();
        long before = backend.otherRequests();
        JsonObject error = assertOpenAiError(echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME), null), 401, "authentication_error");
        assertEquals("proxy_authentication_required", error.getString("code"));
        assertOpenAiError(echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME), "Bearer not-a-proxy-token"), 401, "authentication_error");
        assertOpenAiError(echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME), "Bearer " + AuthDeployments.HELD_KEY), 401,
                "authentication_error");
        assertEquals(before, backend.otherRequests(), "no unauthenticated request reached the backend");
    }

    @Test
    void aProxyTokenIsReplacedByTheHeldKey() throws Exception {
        HttpResponse<String> response = echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME), "Bearer " + AuthDeployments.CLIENT_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Bearer " + AuthDeployments.HELD_KEY,
                json(response.body()).getJsonObject("headers").getString("authorization"));
    }

    /** The proxy's signature-check results name backends and hash prompts: only its clients may read them. */
    @Test
    void chatCheckResultsNeedTheSameAuthentication() throws Exception {
        URI check = Deployments.base(reported, AuthDeployments.WAR_NAME).resolve("verify/chat/chatcmpl-it-unknown");
        assertEquals("proxy_authentication_required", assertOpenAiError(get(check, null), 401, "authentication_error")
                .getString("code"));
        assertEquals("chat_check_not_found", assertOpenAiError(get(check, "Bearer " + AuthDeployments.CLIENT_TOKEN), 404,
                "not_found_error").getString("code"));
    }

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
