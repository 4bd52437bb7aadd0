package dev.verifiedproxy.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A configuration value that does not validate must stop the deployment: the packaged WAR with
 * one bad context parameter is refused by the server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InvalidConfigIT {

    private static final String BROKEN = "broken";

    @Deployment(name = BROKEN, managed = false, testable = false)
    static WebArchive brokenWar() {
        WebArchive war = Deployments.packagedWar("verified-proxy-broken.war");
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param>
                    <param-name>verifiedproxy.verify.max-body-bytes</param-name>
                    <param-value>a lot</param-value>
                  </context-param>
                </web-app>
                """));
        return war;
    }

    @ArquillianResource
    Deployer deployer;

    /**
     * Adapters report a failed start differently (WildFly throws, embedded Tomcat and Payara
     * Micro log that the context failed to start), so the proof is what a client sees: the
     * application never answers.
     */
    @Test
    void aBadSettingStopsTheDeployment() throws Exception {
        try {
            try {
                deployer.deploy(BROKEN);
            } catch (Exception refused) {
                // The adapter reported the refusal; the HTTP check below must agree.
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(Deployments.serverRoot().resolve("verified-proxy-broken/health"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, health.statusCode(), "the misconfigured proxy answered: " + health.body());
            assertFalse(health.body().contains("\"UP\""), health.body());
        } finally {
            try {
                deployer.undeploy(BROKEN);
            } catch (RuntimeException ignored) {
                // Nothing deployed, nothing to undeploy.
            }
        }
    }
}
