package dev.verifiedproxy.dcap.web;

import dev.verifiedproxy.collateral.CachingCollateralSource;
import dev.verifiedproxy.config.ConfigException;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.IntelRootCa;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DcapBeansTest {

    @TempDir
    Path dir;

    @Test
    void productionTrustsThePinnedIntelRoot() {
        ProxyConfig config = ProxyConfig.load(List.of());
        assertEquals(IntelRootCa.certificate(), DcapBeans.verifierFor(config).trustAnchor());
        assertInstanceOf(CachingCollateralSource.class,
                DcapBeans.collateralSourceFor(config, request -> { throw new AssertionError(); }, Clock.systemUTC()));
    }

    @Test
    void aConfiguredTestRootReplacesIt() throws Exception {
        TestPki pki = TestPki.generate();
        Path root = Files.writeString(dir.resolve("root.pem"), pki.rootCertificatePem());
        ProxyConfig config = ProxyConfig.load(List.of(ConfigSource.environment(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true", "VERIFIEDPROXY_TRUST_TEST_INTEL_ROOT", root.toString()))));
        assertEquals(pki.rootCertificate(), DcapBeans.verifierFor(config).trustAnchor());
    }

    @Test
    void plainHttpPcsNeedsTheTestRootOptIn() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.load(List.of(ConfigSource.environment(
                Map.of("VERIFIEDPROXY_COLLATERAL_PCS_URL", "http://127.0.0.1:8081")))));
        assertTrue(e.getMessage().contains("plain http://"), e.getMessage());
        assertThrows(ConfigException.class, () -> ProxyConfig.load(List.of(ConfigSource.contextParameters(Map.of(
                "verifiedproxy.collateral.pcs-url", "http://127.0.0.1:8081",
                "verifiedproxy.trust.allow-test-roots", "true")))));
        ProxyConfig ok = ProxyConfig.load(List.of(ConfigSource.environment(Map.of(
                "VERIFIEDPROXY_COLLATERAL_PCS_URL", "http://127.0.0.1:8081", "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true"))));
        assertEquals("http", ok.get(dev.verifiedproxy.config.ConfigKeys.PCS_URL).getScheme());
    }
}
