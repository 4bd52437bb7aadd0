package dev.verifiedproxy.ops;

import dev.verifiedproxy.config.ConfigBootstrap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.util.List;

/** DOWN while the validated configuration is not in place (start-up failed or shutdown began). */
@ApplicationScoped
public class ConfigHealthCheck implements HealthCheck {

    @Inject
    ServletContext servletContext;

    @Override
    public List<String> problems() {
        try {
            ConfigBootstrap.configOf(servletContext);
            return List.of();
        } catch (IllegalStateException e) {
            return List.of(e.getMessage());
        }
    }
}
