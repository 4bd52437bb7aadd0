package dev.verifiedproxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A test trust root can only be switched on deliberately, from outside the WAR. */
class TestRootOptInTest {

    @TempDir
    Path dir;

    private String rootFile() throws IOException {
        return Files.writeString(dir.resolve("root.pem"), "-----BEGIN CERTIFICATE-----\n").toString();
    }

    @Test
    void aTestRootWithoutOptInStopsStartUp() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.load(List.of(
                ConfigSource.environment(Map.of("VERIFIEDPROXY_TRUST_TEST_INTEL_ROOT", rootFile())))));
        assertTrue(e.getMessage().contains("verifiedproxy.trust.allow-test-roots is not true"), e.getMessage());
    }

    @Test
    void optInInsideTheWarIsRefused() throws IOException {
        String root = rootFile();
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.load(List.of(
                ConfigSource.contextParameters(Map.of("verifiedproxy.trust.allow-test-roots", "true",
                        "verifiedproxy.trust.test-intel-root", root)))));
        assertTrue(e.getMessage().contains("never from the WAR"), e.getMessage());
    }

    @Test
    void optInFromTheEnvironmentIsAcceptedAndShownInHealth() throws IOException {
        ProxyConfig config = ProxyConfig.load(List.of(
                ConfigSource.environment(Map.of("VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true",
                        "VERIFIEDPROXY_TRUST_TEST_INTEL_ROOT", rootFile()))));
        assertEquals(Path.of(dir.resolve("root.pem").toString()), config.get(ConfigKeys.TEST_INTEL_ROOT));
        List<String> warnings = dev.verifiedproxy.ops.TrustHealthCheck.startupWarnings(config);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("TEST TRUST ROOTS ARE ENABLED"));
    }

    @Test
    void noTestRootNoWarning() {
        assertTrue(dev.verifiedproxy.ops.TrustHealthCheck.startupWarnings(ProxyConfig.load(List.of())).isEmpty());
    }
}
