package dev.verifiedproxy.gpu.web;

import dev.verifiedproxy.config.ConfigException;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.gpu.GpuExpectations;
import dev.verifiedproxy.gpu.GpuFailure;
import dev.verifiedproxy.gpu.GpuResult;
import dev.verifiedproxy.gpu.GpuTrust;
import dev.verifiedproxy.gpu.NrasClient;
import dev.verifiedproxy.gpu.NrasEndpoints;
import dev.verifiedproxy.gpu.NrasKeyTrust;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.ops.TrustHealthCheck;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.nras.FakeNras;
import dev.verifiedproxy.testing.nras.NrasSigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuConfigurationTest {

    @TempDir
    Path dir;

    private static ProxyConfig environment(Map<String, String> variables) {
        return ProxyConfig.load(List.of(ConfigSource.environment(variables)));
    }

    @Test
    void defaultsTrustNvidiaOnly() throws Exception {
        ProxyConfig config = environment(Map.of());
        assertEquals(NrasEndpoints.PRODUCTION, GpuConfiguration.endpoints(config));
        GpuTrust trust = GpuConfiguration.trust(config);
        assertArrayEquals(GpuTrust.pinnedDeviceRoot().getEncoded(), trust.deviceRoot().getEncoded());
        assertEquals("https://nras.attestation.nvidia.com", trust.nrasIssuer());
        assertEquals(Duration.ofSeconds(10), trust.tokenLeeway());
        NrasClient.Settings client = GpuConfiguration.clientSettings(config);
        assertEquals(NrasEndpoints.PRODUCTION.attestUrl(), client.attestUrl());
        assertEquals(Duration.ofSeconds(15), client.timeout());
        assertEquals(3, client.maxAttempts());
        assertEquals(Duration.ofMillis(500), client.initialBackoff());
        assertEquals(1024 * 1024, client.maxResponseBytes());
        var keys = GpuConfiguration.keySetSettings(config);
        assertEquals(NrasEndpoints.PRODUCTION.jwksUrl(), keys.jwksUrl());
        assertEquals(Duration.ofHours(1), keys.maxAge());
        assertEquals(Duration.ofSeconds(30), keys.minRefetchInterval());
        assertEquals(NrasKeyTrust.production(), trust.nrasKeys());
        assertTrue(TrustHealthCheck.startupWarnings(config).isEmpty());
    }

    @Test
    void aTestNrasOrDeviceRootWithoutOptInStopsStartUp() throws IOException {
        Path root = Files.writeString(dir.resolve("root.pem"), FakeGpuEvidence.hopper(1).deviceRootPem());
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_GPU_TEST_NRAS_URL", "http://127.0.0.1:9",
                "VERIFIEDPROXY_GPU_TEST_DEVICE_ROOT", root.toString())));
        assertTrue(e.getMessage().contains("verifiedproxy.gpu.test-nras-url, verifiedproxy.gpu.test-device-root set"),
                e.getMessage());
    }

    @Test
    void aTestDeviceRootMustBeOneCertificate() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true", "VERIFIEDPROXY_GPU_TEST_DEVICE_ROOT", garbage.toString())));
        assertTrue(e.getMessage().contains("verifiedproxy.gpu.test-device-root is not a PEM certificate"), e.getMessage());
        String pem = FakeGpuEvidence.hopper(1).deviceRootPem();
        Path two = Files.writeString(dir.resolve("two.pem"), pem + pem);
        e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true", "VERIFIEDPROXY_GPU_TEST_DEVICE_ROOT", two.toString())));
        assertTrue(e.getMessage().contains("holds 2 certificates"), e.getMessage());
    }

    @Test
    void outOfRangeValuesStopStartUp() {
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_GPU_NRAS_ATTEMPTS", "9", "VERIFIEDPROXY_GPU_TOKEN_LEEWAY", "1h",
                "VERIFIEDPROXY_GPU_TEST_NRAS_URL", "ftp://nras.example")));
        assertTrue(e.getMessage().contains("VERIFIEDPROXY_GPU_NRAS_ATTEMPTS"), e.getMessage());
        assertTrue(e.getMessage().contains("VERIFIEDPROXY_GPU_TOKEN_LEEWAY"), e.getMessage());
        assertTrue(e.getMessage().contains("VERIFIEDPROXY_GPU_TEST_NRAS_URL"), e.getMessage());
    }

    @Test
    void theKeySetRefetchIntervalCannotBeZero() {
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_GPU_JWKS_MIN_REFETCH_INTERVAL", "0s")));
        assertTrue(e.getMessage().contains("VERIFIEDPROXY_GPU_JWKS_MIN_REFETCH_INTERVAL"), e.getMessage());
    }

    @Test
    void furtherNrasIntermediatesArePinnedNextToNvidias() throws IOException {
        NrasSigningKeys next = NrasSigningKeys.generate("CN=Next NRAS Intermediate");
        NrasSigningKeys another = NrasSigningKeys.generate("CN=Another NRAS Intermediate");
        Path pem = Files.writeString(dir.resolve("intermediates.pem"), next.intermediatePem() + another.intermediatePem());
        GpuTrust trust = GpuConfiguration.trust(environment(Map.of("VERIFIEDPROXY_GPU_NRAS_INTERMEDIATES", pem.toString())));
        assertEquals(Set.of(NrasKeyTrust.INTERMEDIATE_004_SPKI_SHA256, NrasKeyTrust.spkiSha256(next.intermediate()),
                NrasKeyTrust.spkiSha256(another.intermediate())), trust.nrasKeys().pinnedSpkis());
        assertEquals("https://nras.attestation.nvidia.com", trust.nrasIssuer(), "still NVIDIA's NRAS, no test opt-in needed");
    }

    @Test
    void nrasIntermediatesMustBeCaCertificates() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_GPU_NRAS_INTERMEDIATES", garbage.toString())));
        assertTrue(e.getMessage().contains("verifiedproxy.gpu.nras-intermediates"), e.getMessage());
        NrasSigningKeys.Signer leaf = NrasSigningKeys.generate("CN=Some Intermediate").signer("kid");
        Path notCa = Files.writeString(dir.resolve("leaf.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(encoded(leaf.leaf())) + "\n-----END CERTIFICATE-----\n");
        e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_GPU_NRAS_INTERMEDIATES", notCa.toString())));
        assertTrue(e.getMessage().contains("verifiedproxy.gpu.nras-intermediates holds a certificate that is not a CA"),
                e.getMessage());
    }

    private static byte[] encoded(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aTestNrasIntermediateNeedsTheTestOptIn() throws IOException {
        Path pem = Files.writeString(dir.resolve("test-intermediate.pem"),
                NrasSigningKeys.generate("CN=Test NRAS Intermediate").intermediatePem());
        ConfigException e = assertThrows(ConfigException.class, () -> environment(Map.of(
                "VERIFIEDPROXY_GPU_TEST_NRAS_INTERMEDIATE", pem.toString())));
        assertTrue(e.getMessage().contains("verifiedproxy.gpu.test-nras-intermediate set"), e.getMessage());
    }

    @Test
    void aTestNrasWithoutItsIntermediateIsNotTrusted() throws IOException {
        FakeGpuEvidence gpus = FakeGpuEvidence.hopper(1);
        Path root = Files.writeString(dir.resolve("root.pem"), gpus.deviceRootPem());
        try (FakeNras nras = FakeNras.start(); JdkHttpFetcher fetcher = new JdkHttpFetcher(Duration.ofSeconds(2))) {
            ProxyConfig config = environment(Map.of("VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true",
                    "VERIFIEDPROXY_GPU_TEST_NRAS_URL", nras.baseUrl().toString(),
                    "VERIFIEDPROXY_GPU_TEST_DEVICE_ROOT", root.toString()));
            String nonce = "c4".repeat(32);
            GpuResult result = GpuConfiguration.verifier(config, fetcher, Clock.systemUTC()).verify(gpus.payload(nonce), nonce,
                    GpuExpectations.none().withVmGpuCount(1), Instant.now());
            assertEquals(List.of(GpuFailure.JWKS_KEY_UNTRUSTED), result.failures());
        }
    }

    /** What an integration test sets to run the proxy against FakeNras and FakeGpuEvidence. */
    @Test
    void aConfiguredTestNrasAndDeviceRootVerifyEndToEnd() throws IOException {
        FakeGpuEvidence gpus = FakeGpuEvidence.hopper(2);
        Path root = Files.writeString(dir.resolve("root.pem"), gpus.deviceRootPem());
        try (FakeNras nras = FakeNras.start(); JdkHttpFetcher fetcher = new JdkHttpFetcher(Duration.ofSeconds(2))) {
            Path intermediate = Files.writeString(dir.resolve("nras-intermediate.pem"), nras.intermediatePem());
            ProxyConfig config = environment(Map.of("VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true",
                    "VERIFIEDPROXY_GPU_TEST_NRAS_URL", nras.baseUrl().toString(),
                    "VERIFIEDPROXY_GPU_TEST_DEVICE_ROOT", root.toString(),
                    "VERIFIEDPROXY_GPU_TEST_NRAS_INTERMEDIATE", intermediate.toString()));
            assertEquals(nras.issuer(), GpuConfiguration.trust(config).nrasIssuer());
            assertTrue(TrustHealthCheck.startupWarnings(config).get(0).contains("verifiedproxy.gpu.test-nras-url"));
            String nonce = "c3".repeat(32);
            GpuResult result = GpuConfiguration.verifier(config, fetcher, Clock.systemUTC()).verify(gpus.payload(nonce), nonce,
                    GpuExpectations.none().withVmGpuCount(2), Instant.now());
            assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        }
    }
}
