package dev.verifiedproxy.ops;

import dev.verifiedproxy.config.ConfigKey;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Keeps test trust roots visible: while any is configured, /health carries a warning (and the
 * start-up log says so), because such a root lets anyone forge an attestation the proxy accepts.
 */
@ApplicationScoped
public class TrustHealthCheck implements HealthCheck {

    @Inject
    ProxyConfig config;

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public List<String> warnings() {
        List<String> testRoots = ConfigKeys.TEST_TRUST_KEYS.stream()
                .filter(key -> config.find(key).isPresent()).map(ConfigKey::name).toList();
        return testRoots.isEmpty() ? List.of()
                : List.of("TEST TRUST ROOTS ARE ENABLED (" + String.join(", ", testRoots)
                        + "): attestations signed by a test key are accepted. Never use this in production.");
    }

    /** Logged once at start-up by {@link dev.verifiedproxy.config.ConfigBootstrap}. */
    public static List<String> startupWarnings(ProxyConfig config) {
        TrustHealthCheck check = new TrustHealthCheck();
        check.config = config;
        return check.warnings();
    }
}
