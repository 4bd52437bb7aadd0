package dev.verifiedproxy.config;

import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.policy.PolicyValidationException;

import java.nio.file.Path;
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
    private static final List<ConfigKey<?>> GPU_KEYS = List.of();

    // ---------------------------------------------------------------- attestation policy and evidence
    /**
     * The attestation policy file, read and validated completely at start-up (an invalid file stops
     * the deployment with every problem and its JSON path). Unset: the built-in default policy.
     */
    public static final ConfigKey<AttestationPolicy> POLICY_FILE = ConfigKey.optional("verifiedproxy.attestation.policy-file",
            raw -> {
                Path file = ValueParser.readableFile().parse(raw);
                try {
                    return PolicyLoader.load(file);
                } catch (PolicyValidationException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            },
            "JSON attestation policy (README.md, Attestation policy). When unset, the built-in default policy applies.");

    /** Observe mode: the observed values of every verification are logged as a ready-to-paste policy. */
    public static final ConfigKey<Boolean> OBSERVE = ConfigKey.of("verifiedproxy.attestation.observe", "false", ValueParser.bool(),
            "Log the observed values of every verification as a policy file (observe mode), to review and paste.");

    private static final List<ConfigKey<?>> ATTESTATION_KEYS = List.of(POLICY_FILE, OBSERVE);

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
            ConfigKeys::testRootsNeedExplicitOptIn);

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
