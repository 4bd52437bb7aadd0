package dev.verifiedproxy.config;

import dev.verifiedproxy.ops.TrustHealthCheck;
import dev.verifiedproxy.testing.backend.TlsTestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verifiedproxy.trust.test-gateway-ca} lets a test CA vouch for the gateway's certificate (for sending the API
 * key before attestation): like every test trust setting, only with the explicit opt-in from outside the WAR, and
 * announced in /health; and the file must hold CA certificates, so that a wrong file stops start-up.
 */
class TestGatewayCaConfigTest {

    @TempDir
    Path dir;

    private String caFile() {
        return TlsTestCa.generate("config test CA").writePem(dir.resolve("gateway-ca.pem")).toString();
    }

    private static ProxyConfig environment(Map<String, String> values) {
        return ProxyConfig.load(List.of(ConfigSource.environment(values)));
    }

    @Test
    void withoutTheOptInItStopsStartUp() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> environment(Map.of("VERIFIEDPROXY_TRUST_TEST_GATEWAY_CA", caFile())));
        assertTrue(e.getMessage().contains("verifiedproxy.trust.test-gateway-ca set, but "
                + "verifiedproxy.trust.allow-test-roots is not true"), e.getMessage());
    }

    @Test
    void anOptInInsideTheWarIsRefused() {
        String file = caFile();
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.load(List.of(
                ConfigSource.contextParameters(Map.of("verifiedproxy.trust.allow-test-roots", "true",
                        "verifiedproxy.trust.test-gateway-ca", file)))));
        assertTrue(e.getMessage().contains("never from the WAR"), e.getMessage());
    }

    @Test
    void withTheOptInItIsAcceptedAndAnnouncedInHealth() {
        String file = caFile();
        ProxyConfig config = environment(Map.of("VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true",
                "VERIFIEDPROXY_TRUST_TEST_GATEWAY_CA", file));
        assertEquals(Path.of(file), config.get(ConfigKeys.TEST_GATEWAY_CA));
        List<String> warnings = TrustHealthCheck.startupWarnings(config);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("TEST TRUST ROOTS ARE ENABLED (verifiedproxy.trust.test-gateway-ca)"),
                warnings.get(0));
    }

    @Test
    void aServerCertificateIsNotACa() throws Exception {
        byte[] leaf = TlsTestCa.generate("config test CA").issue("gateway.test").certificate().getEncoded();
        Path file = Files.writeString(dir.resolve("leaf.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(leaf) + "\n-----END CERTIFICATE-----\n");
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true", "VERIFIEDPROXY_TRUST_TEST_GATEWAY_CA", file.toString())));
        assertTrue(e.getMessage().contains("verifiedproxy.trust.test-gateway-ca holds a certificate that is not a CA "
                + "certificate"), e.getMessage());
    }

    @Test
    void aFileWithoutCertificatesIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "\n");
        ConfigException none = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true", "VERIFIEDPROXY_TRUST_TEST_GATEWAY_CA", empty.toString())));
        assertTrue(none.getMessage().contains("verifiedproxy.trust.test-gateway-ca holds no certificate"),
                none.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        ConfigException broken = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true", "VERIFIEDPROXY_TRUST_TEST_GATEWAY_CA", garbage.toString())));
        assertTrue(broken.getMessage().contains("verifiedproxy.trust.test-gateway-ca is not a PEM file of certificates"),
                broken.getMessage());
    }
}
