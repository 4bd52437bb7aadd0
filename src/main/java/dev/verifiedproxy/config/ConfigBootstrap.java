package dev.verifiedproxy.config;

import dev.verifiedproxy.ops.TrustHealthCheck;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the configuration once, when the web application starts. An invalid
 * configuration throws from {@link #contextInitialized}, which makes Tomcat, WildFly and Payara
 * refuse the deployment: a proxy that cannot enforce its settings must not serve traffic.
 */
@WebListener
public class ConfigBootstrap implements ServletContextListener {

    static final String ATTRIBUTE = ProxyConfig.class.getName();
    private static final System.Logger LOG = System.getLogger(ConfigBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ProxyConfig config;
        try {
            config = ProxyConfig.load(List.of(
                    ConfigSource.systemProperties(systemProperties()),
                    ConfigSource.environment(System.getenv()),
                    ConfigSource.contextParameters(contextParameters(context))));
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "verified-proxy refuses to start: " + e.getMessage());
            throw e;
        }
        context.setAttribute(ATTRIBUTE, config);
        LOG.log(Level.INFO, () -> "verified-proxy configuration:\n  " + String.join("\n  ", config.describe()));
        TrustHealthCheck.startupWarnings(config).forEach(warning -> LOG.log(Level.WARNING, "!!! " + warning + " !!!"));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // From here on /health reports DOWN, so load balancers stop sending traffic.
        event.getServletContext().removeAttribute(ATTRIBUTE);
    }

    /** The configuration validated at start-up. */
    public static ProxyConfig configOf(ServletContext context) {
        Object config = context.getAttribute(ATTRIBUTE);
        if (!(config instanceof ProxyConfig proxyConfig)) {
            throw new IllegalStateException("verified-proxy configuration was not loaded at start-up");
        }
        return proxyConfig;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> map = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(n -> map.put(n, System.getProperty(n)));
        return map;
    }

    private static Map<String, String> contextParameters(ServletContext context) {
        Map<String, String> map = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            map.put(name, context.getInitParameter(name));
        }
        return map;
    }
}
