package dev.verifiedproxy.gpu.web;

import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.gpu.GpuTrust;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.gpu.NrasClient;
import dev.verifiedproxy.gpu.NrasEndpoints;
import dev.verifiedproxy.gpu.NrasJwksCache;
import dev.verifiedproxy.gpu.NrasKeyTrust;
import dev.verifiedproxy.gpu.NrasTokenVerifier;
import dev.verifiedproxy.net.HttpFetcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the GPU verifier from the validated configuration: NVIDIA's pinned anchors unless the
 * test settings (allowed only with {@code verifiedproxy.trust.allow-test-roots}) replace or extend them.
 */
public final class GpuConfiguration {

    private static final int MAX_PEM_BYTES = 64 * 1024;
    private static final int MAX_INTERMEDIATES_BYTES = 256 * 1024;

    private GpuConfiguration() {
    }

    /** The NRAS in use: NVIDIA's, or the configured test NRAS. */
    public static NrasEndpoints endpoints(ProxyConfig config) {
        return config.find(ConfigKeys.GPU_TEST_NRAS_URL).map(NrasEndpoints::new).orElse(NrasEndpoints.PRODUCTION);
    }

    /**
     * NVIDIA's anchors, with the operator's extra NRAS intermediates added to the pinned one and, only under
     * the test opt-in, the test device root and the test NRAS's intermediate.
     */
    public static GpuTrust trust(ProxyConfig config) {
        List<X509Certificate> intermediates = new ArrayList<>();
        config.find(ConfigKeys.GPU_NRAS_INTERMEDIATES).map(GpuConfiguration::readCertificates).ifPresent(intermediates::addAll);
        config.find(ConfigKeys.GPU_TEST_NRAS_INTERMEDIATE).map(GpuConfiguration::readCertificates)
                .ifPresent(intermediates::addAll);
        return new GpuTrust(config.find(ConfigKeys.GPU_TEST_DEVICE_ROOT).map(GpuConfiguration::readRoot)
                .orElseGet(GpuTrust::pinnedDeviceRoot), endpoints(config).issuer(), config.get(ConfigKeys.GPU_TOKEN_LEEWAY),
                NrasTokenVerifier.CLAIMS_VERSION_V3_DEFAULT, NrasKeyTrust.production().adding(intermediates));
    }

    public static NrasClient.Settings clientSettings(ProxyConfig config) {
        return new NrasClient.Settings(endpoints(config).attestUrl(), config.get(ConfigKeys.GPU_NRAS_TIMEOUT),
                config.get(ConfigKeys.GPU_NRAS_MAX_RESPONSE), config.get(ConfigKeys.GPU_NRAS_ATTEMPTS),
                config.get(ConfigKeys.GPU_NRAS_RETRY_BACKOFF));
    }

    public static NrasJwksCache.Settings keySetSettings(ProxyConfig config) {
        return new NrasJwksCache.Settings(endpoints(config).jwksUrl(), config.get(ConfigKeys.GPU_NRAS_TIMEOUT),
                config.get(ConfigKeys.GPU_NRAS_MAX_RESPONSE), config.get(ConfigKeys.GPU_JWKS_MAX_AGE),
                config.get(ConfigKeys.GPU_JWKS_REFETCH_INTERVAL));
    }

    /**
     * A verifier for live, offline and evidence-only use.
     *
     * @param fetcher how NRAS is reached
     * @param clock   the operational clock of the key-set cache (age, rate limit)
     */
    public static GpuVerifier verifier(ProxyConfig config, HttpFetcher fetcher, Clock clock) {
        return new GpuVerifier(trust(config), new NrasClient(fetcher, clientSettings(config)),
                new NrasJwksCache(fetcher, keySetSettings(config), clock));
    }

    private static List<X509Certificate> readCertificates(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return GpuTrust.certificates(in.readNBytes(MAX_INTERMEDIATES_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static X509Certificate readRoot(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return GpuTrust.certificate(in.readNBytes(MAX_PEM_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
