package dev.verifiedproxy.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.verifiedproxy.it.ClientAuthIT.basic;
import static dev.verifiedproxy.it.ClientAuthIT.echo;
import static dev.verifiedproxy.it.HttpAsserts.assertOpenAiError;
import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Container authentication: the server's own realm decides who may use a proxy that holds the
 * key, and the user needs the role {@code verified-proxy-client}. Runs on Tomcat (a MemoryRealm)
 * and WildFly (its ApplicationRealm); not on Payara Micro, whose boot scripts cannot create realm
 * users (pom.xml excludes it there; README explains the Payara setup).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContainerAuthIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return AuthDeployments.withHeldKey();
    }

    @ArquillianResource
    URL reported;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aRealmUserWithTheRoleMayUseTheProxy() throws Exception {
        HttpResponse<String> response = echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME),
                basic(AuthDeployments.CLIENT_USER, AuthDeployments.PASSWORD));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Bearer " + AuthDeployments.HELD_KEY,
                json(response.body()).getJsonObject("headers").getString("authorization"));
    }

    @Test
    void aRealmUserWithoutTheRoleIsForbidden() throws Exception {
        assertEquals("role_required", assertOpenAiError(echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME),
                basic(AuthDeployments.OTHER_USER, AuthDeployments.PASSWORD)), 403, "permission_error").getString("code"));
    }

    @Test
    void aWrongPasswordIsRejected() throws Exception {
        assertOpenAiError(echo(http, Deployments.base(reported, AuthDeployments.WAR_NAME), basic(AuthDeployments.CLIENT_USER, "wrong")), 401,
                "authentication_error");
    }
}
