package dev.verifiedproxy;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;

/**
 * The JAX-RS application, at the web application's context root: {@code /v1/**} is the
 * OpenAI-compatible proxy, {@code /verify/**} the verification API, {@code /health} the probe.
 */
@ApplicationPath("/")
public class VerifiedProxyApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                // Jersey (Tomcat WAR, Payara) keeps the first 8 KiB of every entity to compute a
                // Content-Length and ignores flush() until then, which holds SSE events back
                // (packaging.md §5). 0 turns that off; RESTEasy (WildFly) ignores the property.
                "jersey.config.server.contentLength.buffer", 0,
                // No generated WADL at /application.wadl: it needs JAXB and documents nothing useful here.
                "jersey.config.server.wadl.disableWadl", true);
    }
}
