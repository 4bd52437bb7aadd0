package dev.verifiedproxy.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.ServletContext;

/** Makes the start-up configuration injectable: {@code @Inject ProxyConfig config}. */
@ApplicationScoped
public class ConfigProducer {

    @Inject
    ServletContext servletContext;

    // @Singleton rather than @ApplicationScoped: ProxyConfig is final and immutable, it needs no proxy.
    @Produces
    @Singleton
    ProxyConfig proxyConfig() {
        return ConfigBootstrap.configOf(servletContext);
    }
}
