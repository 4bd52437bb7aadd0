package dev.verifiedproxy.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every setting verified-proxy reads, grouped by feature. README.md (Configuration) documents
 * each of them under the same headings; a unit test keeps the two in step.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    // ---------------------------------------------------------------- verify API
    /** Upper bound for JSON request bodies of the /verify endpoints (evidence bundles are the largest). */
    public static final ConfigKey<Long> VERIFY_MAX_BODY = ConfigKey.of("verifiedproxy.verify.max-body-bytes", "8MiB",
            ValueParser.byteSize(1024, 256L * 1024 * 1024),
            "Largest JSON body accepted by the /verify endpoints; larger bodies get 413.");

    private static final List<ConfigKey<?>> VERIFY_KEYS = List.of(VERIFY_MAX_BODY);

    // ---------------------------------------------------------------- trust anchors
    /**
     * The only way to make the proxy accept a trust root other than the pinned production ones.
     * It must be set as a system property or environment variable (never inside the WAR), and the
     * proxy then warns in its log and in /health for as long as it runs.
     */
    public static final ConfigKey<Boolean> ALLOW_TEST_ROOTS = ConfigKey.of("verifiedproxy.trust.allow-test-roots",
            "false", ValueParser.bool(),
            "Must be true for any test-* trust setting to be accepted. Only honoured from a system property "
                    + "or environment variable. For demos and tests only: a test root lets anyone forge attestations.");

    /** A PEM certificate used instead of the pinned Intel SGX Root CA (tests and demo only). */
    public static final ConfigKey<Path> TEST_INTEL_ROOT = ConfigKey.optional(
            "verifiedproxy.trust.test-intel-root", ValueParser.readableFile(),
            "PEM file of a test root CA trusted in place of the Intel SGX Root CA. Requires "
                    + "verifiedproxy.trust.allow-test-roots=true.");

    private static final List<ConfigKey<?>> TRUST_KEYS = List.of(ALLOW_TEST_ROOTS, TEST_INTEL_ROOT);

    // ---------------------------------------------------------------- Intel collateral (dcap)
    private static final List<ConfigKey<?>> COLLATERAL_KEYS = List.of();

    // ---------------------------------------------------------------- NVIDIA (gpu)
    /** Time allowed for one NRAS request (attestation or key set), also the connect timeout. */
    public static final ConfigKey<Duration> GPU_NRAS_TIMEOUT = ConfigKey.of("verifiedproxy.gpu.nras-timeout", "15s",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofMinutes(2)),
            "Time allowed for each request to NVIDIA's attestation service (NRAS), attestation or key set.");

    public static final ConfigKey<Integer> GPU_NRAS_ATTEMPTS = ConfigKey.of("verifiedproxy.gpu.nras-attempts", "3",
            ValueParser.integer(1, 5),
            "Attempts per NRAS attestation; timeouts, connection failures, HTTP 5xx and 429 are retried.");

    public static final ConfigKey<Duration> GPU_NRAS_RETRY_BACKOFF = ConfigKey.of("verifiedproxy.gpu.nras-retry-backoff",
            "500ms", ValueParser.duration(Duration.ZERO, Duration.ofSeconds(30)),
            "Pause before the second NRAS attempt; doubled before each further one.");

    public static final ConfigKey<Long> GPU_NRAS_MAX_RESPONSE = ConfigKey.of("verifiedproxy.gpu.nras-max-response-bytes",
            "1MiB", ValueParser.byteSize(64L * 1024, 16L * 1024 * 1024),
            "Largest NRAS answer or key set accepted (an 8-GPU answer is about 17 KB, the key set about 90 KB).");

    public static final ConfigKey<Duration> GPU_TOKEN_LEEWAY = ConfigKey.of("verifiedproxy.gpu.token-leeway", "10s",
            ValueParser.duration(Duration.ZERO, Duration.ofMinutes(5)),
            "Clock tolerance when checking the exp, nbf and iat of NRAS tokens.");

    public static final ConfigKey<Duration> GPU_JWKS_MAX_AGE = ConfigKey.of("verifiedproxy.gpu.jwks-max-age", "1h",
            ValueParser.duration(Duration.ofMinutes(1), Duration.ofDays(2)),
            "How long a fetched NRAS key set is used before it is fetched again.");

    public static final ConfigKey<Duration> GPU_JWKS_REFETCH_INTERVAL = ConfigKey.of(
            "verifiedproxy.gpu.jwks-min-refetch-interval", "30s", ValueParser.duration(Duration.ZERO, Duration.ofHours(1)),
            "Least time between two fetches of the NRAS key set, also when a token names an unknown key id.");

    /** Replaces NVIDIA's NRAS (attestation URL, key set and token issuer all derive from it); tests and demos only. */
    public static final ConfigKey<URI> GPU_TEST_NRAS_URL = ConfigKey.optional("verifiedproxy.gpu.test-nras-url",
            ValueParser.httpUrl(false),
            "Base URL of a test NRAS trusted in place of https://nras.attestation.nvidia.com (its /v3/attest/gpu, "
                    + "/.well-known/jwks.json and issuer). Requires verifiedproxy.trust.allow-test-roots=true.");

    /** A PEM certificate used instead of the pinned NVIDIA Device Identity CA (tests and demos only). */
    public static final ConfigKey<Path> GPU_TEST_DEVICE_ROOT = ConfigKey.optional("verifiedproxy.gpu.test-device-root",
            ValueParser.readableFile(),
            "PEM file of a test root trusted in place of the NVIDIA Device Identity CA for GPU evidence. Requires "
                    + "verifiedproxy.trust.allow-test-roots=true.");

    private static final List<ConfigKey<?>> GPU_KEYS = List.of(GPU_NRAS_TIMEOUT, GPU_NRAS_ATTEMPTS, GPU_NRAS_RETRY_BACKOFF,
            GPU_NRAS_MAX_RESPONSE, GPU_TOKEN_LEEWAY, GPU_JWKS_MAX_AGE, GPU_JWKS_REFETCH_INTERVAL, GPU_TEST_NRAS_URL,
            GPU_TEST_DEVICE_ROOT);

    /** The test device root must be exactly one certificate, so that a typo stops start-up rather than every GPU check. */
    private static Optional<String> gpuTestDeviceRootIsOneCertificate(ProxyConfig config) {
        Optional<Path> root = config.find(GPU_TEST_DEVICE_ROOT);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(root.get())) {
            int count = CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(in.readNBytes(64 * 1024))).size();
            return count == 1 ? Optional.empty() : Optional.of(GPU_TEST_DEVICE_ROOT.name() + " holds " + count
                    + " certificates, expected exactly one");
        } catch (IOException | CertificateException e) {
            return Optional.of(GPU_TEST_DEVICE_ROOT.name() + " is not a PEM certificate: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- attestation policy and evidence
    private static final List<ConfigKey<?>> ATTESTATION_KEYS = List.of();

    // ---------------------------------------------------------------- signatures and E2EE
    private static final List<ConfigKey<?>> SIGNATURE_KEYS = List.of();

    // ---------------------------------------------------------------- upstream, routing and proxy
    private static final List<ConfigKey<?>> PROXY_KEYS = List.of();

    /** Every key, in the order README.md lists them. */
    public static final List<ConfigKey<?>> ALL = Stream.of(VERIFY_KEYS, TRUST_KEYS, COLLATERAL_KEYS, GPU_KEYS,
            ATTESTATION_KEYS, SIGNATURE_KEYS, PROXY_KEYS).flatMap(List::stream).toList();

    /** Keys that install a test trust root; each needs {@link #ALLOW_TEST_ROOTS}. Add new test-* keys here. */
    public static final List<ConfigKey<?>> TEST_TRUST_KEYS = List.of(TEST_INTEL_ROOT, GPU_TEST_NRAS_URL, GPU_TEST_DEVICE_ROOT);

    /** Checks that involve more than one key. */
    public static final List<ProxyConfig.ConfigRule> RULES = List.of(
            ConfigKeys::testRootsNeedExplicitOptIn, ConfigKeys::gpuTestDeviceRootIsOneCertificate);

    private static Optional<String> testRootsNeedExplicitOptIn(ProxyConfig config) {
        List<String> used = TEST_TRUST_KEYS.stream().filter(k -> config.find(k).isPresent()).map(ConfigKey::name).toList();
        if (used.isEmpty()) {
            return Optional.empty();
        }
        if (!config.get(ALLOW_TEST_ROOTS)) {
            return Optional.of(String.join(", ", used) + " set, but " + ALLOW_TEST_ROOTS.name()
                    + " is not true: test trust roots are refused unless explicitly allowed");
        }
        if (config.originOf(ALLOW_TEST_ROOTS).startsWith(ConfigSource.Kind.CONTEXT_PARAMETER.description())) {
            return Optional.of(ALLOW_TEST_ROOTS.name() + " is only honoured from a system property or environment "
                    + "variable, never from the WAR's own context parameters");
        }
        return Optional.empty();
    }
}
