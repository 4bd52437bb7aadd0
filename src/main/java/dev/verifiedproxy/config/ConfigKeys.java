package dev.verifiedproxy.config;

import java.net.URI;
import java.nio.file.Path;
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
    /** Intel PCS (API v4) or a PCCS; plain http only together with test roots (see the rule below). */
    public static final ConfigKey<URI> PCS_URL = ConfigKey.of("verifiedproxy.collateral.pcs-url",
            "https://api.trustedservices.intel.com", ValueParser.httpUrl(false),
            "Base URL of Intel PCS (API v4) or of a PCCS that collateral (TCB info, QE identity, CRLs) is fetched "
                    + "from when a quote comes without it. http:// only with verifiedproxy.trust.allow-test-roots=true.");

    public static final ConfigKey<Duration> PCS_TIMEOUT = ConfigKey.of("verifiedproxy.collateral.timeout", "30s",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            "Time allowed for each collateral request (four per fetch).");

    public static final ConfigKey<Long> PCS_MAX_RESPONSE = ConfigKey.of("verifiedproxy.collateral.max-response-bytes",
            "4MiB", ValueParser.byteSize(64 * 1024, 64L * 1024 * 1024),
            "Largest collateral response accepted (PCK CRLs are the largest).");

    public static final ConfigKey<Duration> COLLATERAL_REFRESH_AHEAD = ConfigKey.of(
            "verifiedproxy.collateral.refresh-ahead", "1h", ValueParser.duration(Duration.ZERO, Duration.ofDays(7)),
            "Cached collateral is fetched again this long before it expires; if that fails, the cached copy is "
                    + "used until it expires.");

    public static final ConfigKey<Integer> COLLATERAL_CACHE_ENTRIES = ConfigKey.of(
            "verifiedproxy.collateral.cache-max-entries", "256", ValueParser.integer(1, 100_000),
            "Most collateral bundles kept (one per TEE type, FMSPC and PCK CA).");

    private static final List<ConfigKey<?>> COLLATERAL_KEYS = List.of(PCS_URL, PCS_TIMEOUT, PCS_MAX_RESPONSE,
            COLLATERAL_REFRESH_AHEAD, COLLATERAL_CACHE_ENTRIES);

    /**
     * Collateral is signature-checked, so a plain-http PCS cannot forge it; but it can withhold or stall it
     * and it sees which platforms are verified. Production therefore talks https; http is for the fake PCS
     * of tests and demos, which already need the test-root opt-in.
     */
    private static Optional<String> plainHttpPcsNeedsTestRoots(ProxyConfig config) {
        if (!"http".equalsIgnoreCase(config.get(PCS_URL).getScheme())) {
            return Optional.empty();
        }
        if (!config.get(ALLOW_TEST_ROOTS)
                || config.originOf(ALLOW_TEST_ROOTS).startsWith(ConfigSource.Kind.CONTEXT_PARAMETER.description())) {
            return Optional.of(PCS_URL.name() + " is a plain http:// URL: only allowed when " + ALLOW_TEST_ROOTS.name()
                    + " is true (from a system property or environment variable), for tests and demos");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- NVIDIA (gpu)
    private static final List<ConfigKey<?>> GPU_KEYS = List.of();

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
    public static final List<ConfigKey<?>> TEST_TRUST_KEYS = List.of(TEST_INTEL_ROOT);

    /** Checks that involve more than one key. */
    public static final List<ProxyConfig.ConfigRule> RULES = List.of(
            ConfigKeys::testRootsNeedExplicitOptIn, ConfigKeys::plainHttpPcsNeedsTestRoots);

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
