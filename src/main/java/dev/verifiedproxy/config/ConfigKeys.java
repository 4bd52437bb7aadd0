package dev.verifiedproxy.config;

import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.policy.PolicyValidationException;

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

    /**
     * Extra certificate authorities for one decision only: whether the gateway's certificate is WebPKI-valid, so
     * that its API key may precede attestation (tests and demos run a gateway with a certificate of their own CA).
     */
    public static final ConfigKey<Path> TEST_GATEWAY_CA = ConfigKey.optional(
            "verifiedproxy.trust.test-gateway-ca", ValueParser.readableFile(),
            "PEM file of test CA certificates trusted, in addition to the system's certificate authorities, only to "
                    + "decide whether the gateway's certificate is valid for its domain before its API key is sent "
                    + "with the attestation report. Requires verifiedproxy.trust.allow-test-roots=true.");

    private static final List<ConfigKey<?>> TRUST_KEYS = List.of(ALLOW_TEST_ROOTS, TEST_INTEL_ROOT, TEST_GATEWAY_CA);

    /** The test gateway CA file must hold CA certificates only, so that a wrong file stops start-up, not every request. */
    private static Optional<String> testGatewayCaIsCaCertificates(ProxyConfig config) {
        Optional<Path> file = config.find(TEST_GATEWAY_CA);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            List<java.security.cert.X509Certificate> certificates = dev.verifiedproxy.collateral.Pem.certificates(
                    new String(in.readNBytes(256 * 1024), java.nio.charset.StandardCharsets.US_ASCII));
            if (certificates.isEmpty()) {
                return Optional.of(TEST_GATEWAY_CA.name() + " holds no certificate");
            }
            if (certificates.stream().anyMatch(certificate -> certificate.getBasicConstraints() < 0)) {
                return Optional.of(TEST_GATEWAY_CA.name() + " holds a certificate that is not a CA certificate");
            }
            return Optional.empty();
        } catch (IOException | dev.verifiedproxy.collateral.CollateralFormatException e) {
            return Optional.of(TEST_GATEWAY_CA.name() + " is not a PEM file of certificates: " + e.getMessage());
        }
    }

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
    /** Time allowed for one NRAS request (attestation or key set). */
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
            "verifiedproxy.gpu.jwks-min-refetch-interval", "30s",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofHours(1)),
            "Least time between two fetches of the NRAS key set, also when a token names an unknown key id (1s-1h: "
                    + "without it, tokens with made-up key ids would each trigger a fetch).");

    /** NVIDIA rotates NRAS intermediates without notice; operators add the next one here rather than wait for a release. */
    public static final ConfigKey<Path> GPU_NRAS_INTERMEDIATES = ConfigKey.optional("verifiedproxy.gpu.nras-intermediates",
            ValueParser.readableFile(),
            "PEM file of further NVIDIA NRAS intermediate CA certificates that may issue NRAS token-signing keys, in "
                    + "addition to the built-in NVIDIA Attestation Service GPU Intermediate 004 (pinned by public key).");

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

    /** The test NRAS's signing keys chain to its own intermediate, trusted only through this test setting. */
    public static final ConfigKey<Path> GPU_TEST_NRAS_INTERMEDIATE = ConfigKey.optional(
            "verifiedproxy.gpu.test-nras-intermediate", ValueParser.readableFile(),
            "PEM file of a test NRAS's intermediate CA certificate, trusted to issue NRAS token-signing keys (use with "
                    + "verifiedproxy.gpu.test-nras-url). Requires verifiedproxy.trust.allow-test-roots=true.");

    private static final List<ConfigKey<?>> GPU_KEYS = List.of(GPU_NRAS_TIMEOUT, GPU_NRAS_ATTEMPTS, GPU_NRAS_RETRY_BACKOFF,
            GPU_NRAS_MAX_RESPONSE, GPU_TOKEN_LEEWAY, GPU_JWKS_MAX_AGE, GPU_JWKS_REFETCH_INTERVAL, GPU_NRAS_INTERMEDIATES,
            GPU_TEST_NRAS_URL, GPU_TEST_DEVICE_ROOT, GPU_TEST_NRAS_INTERMEDIATE);

    /** NRAS intermediates must be CA certificates, so that a wrong file stops start-up rather than every GPU check. */
    private static Optional<String> gpuNrasIntermediatesAreCaCertificates(ProxyConfig config) {
        for (ConfigKey<Path> key : List.of(GPU_NRAS_INTERMEDIATES, GPU_TEST_NRAS_INTERMEDIATE)) {
            Optional<Path> file = config.find(key);
            if (file.isEmpty()) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file.get())) {
                var certificates = CertificateFactory.getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(in.readNBytes(256 * 1024)));
                if (certificates.isEmpty()) {
                    return Optional.of(key.name() + " holds no certificate");
                }
                for (var certificate : certificates) {
                    if (!(certificate instanceof java.security.cert.X509Certificate x509) || x509.getBasicConstraints() < 0) {
                        return Optional.of(key.name() + " holds a certificate that is not a CA certificate");
                    }
                }
            } catch (IOException | CertificateException e) {
                return Optional.of(key.name() + " is not a PEM file of certificates: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

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

    /** The evidence archive: how many bundles of recent verifications are kept for GET /verify/evidence/{id}. */
    public static final ConfigKey<Integer> EVIDENCE_MAX_ENTRIES = ConfigKey.of("verifiedproxy.attestation.evidence-max-entries",
            "1000", ValueParser.integer(1, 1_000_000),
            "Most evidence bundles of recent verifications kept for GET /verify/evidence/{id}; the oldest is evicted first.");

    /** The evidence archive's memory bound (a NEAR model bundle is about 0.4 MiB). */
    public static final ConfigKey<Long> EVIDENCE_MAX_BYTES = ConfigKey.of("verifiedproxy.attestation.evidence-max-bytes",
            "64MiB", ValueParser.byteSize(64 * 1024, 16L * 1024 * 1024 * 1024),
            "Most bytes of evidence-bundle JSON kept in memory; the oldest bundles are evicted first.");

    private static final List<ConfigKey<?>> ATTESTATION_KEYS = List.of(POLICY_FILE, OBSERVE, EVIDENCE_MAX_ENTRIES,
            EVIDENCE_MAX_BYTES);

    // ---------------------------------------------------------------- signatures and E2EE
    /** Whether the proxy checks the signature of each chat completion it relays. */
    public enum SignatureChecks { OFF, ON }

    public static final ConfigKey<SignatureChecks> SIGNATURES_VERIFY = ConfigKey.of("verifiedproxy.signatures.verify",
            "off", ValueParser.oneOf(SignatureChecks.class),
            "on: after each chat completion (JSON or SSE) the proxy fetches its signature from the CVM that answered and "
                    + "checks it against the attested signing address, in the background; off: only for requests with "
                    + "X-Verified-Proxy-Verify-Signature: true. Results: log, GET /verify/chat/{id}.");

    public static final ConfigKey<Integer> SIGNATURES_THREADS = ConfigKey.of("verifiedproxy.signatures.threads", "2",
            ValueParser.integer(1, 64), "Threads that fetch and check signatures.");

    public static final ConfigKey<Integer> SIGNATURES_MAX_PENDING = ConfigKey.of("verifiedproxy.signatures.max-pending",
            "256", ValueParser.integer(1, 100_000),
            "Checks in progress at most; beyond, an answer is recorded as not checked (overloaded) instead of queued.");

    public static final ConfigKey<Integer> SIGNATURES_FETCH_ATTEMPTS = ConfigKey.of(
            "verifiedproxy.signatures.fetch-attempts", "5", ValueParser.integer(1, 20),
            "Tries of GET /v1/signature/{id} while it answers 404 (not stored yet) or the connection fails.");

    public static final ConfigKey<Duration> SIGNATURES_RETRY_BACKOFF = ConfigKey.of(
            "verifiedproxy.signatures.retry-backoff", "200ms",
            ValueParser.duration(Duration.ofMillis(10), Duration.ofSeconds(30)),
            "Pause before the second try; it doubles for each further try.");

    public static final ConfigKey<Integer> SIGNATURES_CVM_ATTEMPTS = ConfigKey.of("verifiedproxy.signatures.cvm-attempts",
            "8", ValueParser.integer(1, 64),
            "New connections opened at most, per try, to reach the CVM that served an answer (direct signatures live "
                    + "only in that CVM's memory).");

    public static final ConfigKey<Integer> SIGNATURES_STORE_SIZE = ConfigKey.of("verifiedproxy.signatures.store-size",
            "10000", ValueParser.integer(1, 1_000_000), "Check results kept for GET /verify/chat/{id}; the oldest go first.");

    public static final ConfigKey<Duration> SIGNATURES_STORE_TTL = ConfigKey.of("verifiedproxy.signatures.store-ttl", "1h",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofDays(7)), "How long a check result is kept.");

    public static final ConfigKey<Long> SIGNATURES_MAX_RESPONSE = ConfigKey.of(
            "verifiedproxy.signatures.max-response-bytes", "8MiB", ValueParser.byteSize(1024, 256L * 1024 * 1024),
            "Largest JSON chat answer the proxy keeps a copy of to read its id (SSE needs only the first event); a "
                    + "larger one is relayed but not checked.");

    /** Whether, and with which version, the proxy encrypts for its clients (protocol.md §7). */
    public enum E2eeMode { OFF, V1, V2 }

    public static final ConfigKey<E2eeMode> E2EE_MODE = ConfigKey.of("verifiedproxy.e2ee.mode", "off",
            ValueParser.oneOf(E2eeMode.class),
            "off, v1 or v2: the proxy encrypts the prompt fields of every chat, completion, embeddings, images, rerank and "
                    + "score request to the model key of the attested backend that carries it, and decrypts the answer "
                    + "(v1/v2 select the ed25519 scheme; ecdsa has one). Clients may opt in per request with "
                    + "X-Verified-Proxy-E2ee.");

    public static final ConfigKey<Boolean> E2EE_ALL_FIELDS = ConfigKey.of("verifiedproxy.e2ee.encrypt-all-fields",
            "false", ValueParser.bool(),
            "Also encrypt tool calls, tool definitions, names, refusals and logprobs (X-Encrypt-All-Fields: true).");

    public static final ConfigKey<Boolean> E2EE_ALLOW_OPT_OUT = ConfigKey.of("verifiedproxy.e2ee.allow-opt-out", "false",
            ValueParser.bool(),
            "Whether a client may send X-Verified-Proxy-E2ee: off while verifiedproxy.e2ee.mode is on; otherwise such "
                    + "requests get 400.");

    public static final ConfigKey<Long> E2EE_MAX_RESPONSE = ConfigKey.of("verifiedproxy.e2ee.max-response-bytes", "32MiB",
            ValueParser.byteSize(1024, 1024L * 1024 * 1024),
            "Largest encrypted JSON answer the proxy decrypts (beyond: 502 e2ee_response_too_large), and longest line of "
                    + "an encrypted SSE answer (beyond: the stream, already 200, ends with an e2ee_decryption_failed "
                    + "error event).");

    private static final List<ConfigKey<?>> SIGNATURE_KEYS = List.of(SIGNATURES_VERIFY, SIGNATURES_THREADS,
            SIGNATURES_MAX_PENDING, SIGNATURES_FETCH_ATTEMPTS, SIGNATURES_RETRY_BACKOFF, SIGNATURES_CVM_ATTEMPTS,
            SIGNATURES_STORE_SIZE, SIGNATURES_STORE_TTL, SIGNATURES_MAX_RESPONSE, E2EE_MODE, E2EE_ALL_FIELDS,
            E2EE_ALLOW_OPT_OUT, E2EE_MAX_RESPONSE);

    // ---------------------------------------------------------------- upstream, routing and proxy
    public static final ConfigKey<dev.verifiedproxy.routing.Router.Mode> UPSTREAM_MODE = ConfigKey.of(
            "verifiedproxy.upstream.mode", "direct", ValueParser.oneOf(dev.verifiedproxy.routing.Router.Mode.class),
            "direct: each request goes to the model CVM serving its model; gateway: everything goes to the NEAR AI gateway.");

    public static final ConfigKey<URI> GATEWAY_URL = ConfigKey.of("verifiedproxy.upstream.gateway-url",
            "https://cloud-api.near.ai", ValueParser.httpUrl(true),
            "The NEAR AI gateway (gateway mode).");

    public static final ConfigKey<URI> DISCOVERY_URL = ConfigKey.of("verifiedproxy.upstream.discovery-url",
            "https://completions.near.ai/endpoints", ValueParser.httpUrl(false),
            "NEAR's endpoint registry: which domain serves which model (direct mode). Plain http needs allow-test-roots.");

    public static final ConfigKey<Duration> DISCOVERY_TTL = ConfigKey.of("verifiedproxy.upstream.discovery-ttl", "5m",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofDays(1)),
            "How long the endpoint registry is used before it is read again (a stale copy is served if that fails,"
                    + " and the registry is then not read again for min(ttl, 30s)).");

    public static final ConfigKey<List<String>> ALLOWED_DOMAINS = ConfigKey.of("verifiedproxy.upstream.allowed-domains",
            "*.completions.near.ai", ValueParser.listOf(ConfigKeys::domainPattern),
            "Comma-separated backend domains the proxy may connect to in direct mode; *.suffix matches one label.");

    public static final ConfigKey<Integer> BACKEND_PORT = ConfigKey.of("verifiedproxy.upstream.port", "443",
            ValueParser.integer(1, 65535), "TCP port of NEAR AI backends.");

    public static final ConfigKey<List<String>> RESOLVE = ConfigKey.of("verifiedproxy.upstream.resolve", "",
            ValueParser.listOf(ConfigKeys::resolveEntry),
            "Comma-separated domain=host:port entries connecting a backend domain to another address (like curl "
                    + "--resolve). Identity still comes from attestation.");

    public static final ConfigKey<String> API_KEY = ConfigKey.secret("verifiedproxy.upstream.api-key", ValueParser.text(),
            "NEAR AI API key the proxy sends upstream instead of its clients' Authorization header. When set, "
                    + "clients must authenticate to the proxy (verifiedproxy.client.auth).");

    public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.of("verifiedproxy.upstream.connect-timeout",
            "10s", ValueParser.duration(Duration.ofMillis(100), Duration.ofMinutes(5)),
            "TCP connect and TLS handshake timeout, each.");

    public static final ConfigKey<Duration> READ_TIMEOUT = ConfigKey.of("verifiedproxy.upstream.read-timeout", "5m",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofHours(2)),
            "Longest silence tolerated while reading a backend response (streams included).");

    public static final ConfigKey<Long> MAX_REQUEST = ConfigKey.of("verifiedproxy.proxy.max-request-bytes", "32MiB",
            ValueParser.byteSize(1024, 1024L * 1024 * 1024),
            "Largest request body the proxy forwards; larger requests get 413.");

    public static final ConfigKey<Integer> POOL_MAX_IDLE = ConfigKey.of("verifiedproxy.pool.max-idle-per-domain", "32",
            ValueParser.integer(0, 10_000), "Idle verified connections kept per backend domain for reuse.");

    public static final ConfigKey<Duration> POOL_IDLE_TIMEOUT = ConfigKey.of("verifiedproxy.pool.idle-timeout", "60s",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofHours(1)),
            "An idle verified connection older than this is closed.");

    public static final ConfigKey<String> SIGNING_ALGO = ConfigKey.of("verifiedproxy.attestation.signing-algo", "ecdsa",
            raw -> switch (raw) {
                case "ecdsa", "ed25519" -> raw;
                default -> throw new IllegalArgumentException("must be ecdsa or ed25519");
            }, "Signing algorithm requested with every attestation report: ecdsa or ed25519.");

    public static final ConfigKey<Duration> ATTESTATION_TIMEOUT = ConfigKey.of("verifiedproxy.attestation.timeout",
            "60s", ValueParser.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "Time allowed for one attestation report (NEAR collects fresh GPU evidence for each nonce).");

    public static final ConfigKey<Duration> ATTESTATION_TTL = ConfigKey.of("verifiedproxy.attestation.ttl", "1h",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofDays(7)),
            "How long a verified backend TLS key is trusted before it is attested again (never past its collateral's expiry).");

    public static final ConfigKey<Duration> ATTESTATION_FAILURE_BACKOFF = ConfigKey.of(
            "verifiedproxy.attestation.failure-backoff", "10s", ValueParser.duration(Duration.ZERO, Duration.ofHours(1)),
            "After a backend key fails attestation, requests to it fail fast for this long before it is attested again.");

    public static final ConfigKey<Long> ATTESTATION_MAX_BYTES = ConfigKey.of("verifiedproxy.attestation.max-report-bytes",
            "4MiB", ValueParser.byteSize(1024, 256L * 1024 * 1024), "Largest attestation report accepted.");

    /** How the proxy's own clients prove they may use it. */
    public enum ClientAuth { NONE, TOKEN, CONTAINER, TOKEN_OR_CONTAINER }

    public static final ConfigKey<ClientAuth> CLIENT_AUTH = ConfigKey.of("verifiedproxy.client.auth", "none",
            ValueParser.oneOf(ClientAuth.class),
            "How clients authenticate to the proxy: none, token (Bearer tokens from verifiedproxy.client.tokens), "
                    + "container (the server's realm; the user needs verifiedproxy.client.role), token-or-container. "
                    + "Must not be none while the proxy holds an API key.");

    public static final ConfigKey<List<String>> CLIENT_TOKENS = ConfigKey.secret("verifiedproxy.client.tokens",
            ValueParser.listOf(ValueParser.text()),
            "Comma-separated Bearer tokens accepted from clients (token modes). Compared in constant time.");

    public static final ConfigKey<String> CLIENT_ROLE = ConfigKey.of("verifiedproxy.client.role",
            "verified-proxy-client", ValueParser.text(),
            "Role a container-authenticated user must have (container modes); declared in WEB-INF/web.xml.");

    private static final List<ConfigKey<?>> PROXY_KEYS = List.of(UPSTREAM_MODE, GATEWAY_URL, DISCOVERY_URL,
            DISCOVERY_TTL, ALLOWED_DOMAINS, BACKEND_PORT, RESOLVE, API_KEY, CONNECT_TIMEOUT, READ_TIMEOUT, MAX_REQUEST,
            POOL_MAX_IDLE, POOL_IDLE_TIMEOUT, SIGNING_ALGO, ATTESTATION_TIMEOUT, ATTESTATION_TTL,
            ATTESTATION_FAILURE_BACKOFF, ATTESTATION_MAX_BYTES, CLIENT_AUTH, CLIENT_TOKENS, CLIENT_ROLE);

    /** Every key, in the order README.md lists them. */
    public static final List<ConfigKey<?>> ALL = Stream.of(VERIFY_KEYS, TRUST_KEYS, COLLATERAL_KEYS, GPU_KEYS,
            ATTESTATION_KEYS, SIGNATURE_KEYS, PROXY_KEYS).flatMap(List::stream).toList();

    /** Keys that install a test trust root; each needs {@link #ALLOW_TEST_ROOTS}. Add new test-* keys here. */
    public static final List<ConfigKey<?>> TEST_TRUST_KEYS = List.of(TEST_INTEL_ROOT, GPU_TEST_NRAS_URL, GPU_TEST_DEVICE_ROOT,
            GPU_TEST_NRAS_INTERMEDIATE, TEST_GATEWAY_CA);

    /** Checks that involve more than one key. */
    public static final List<ProxyConfig.ConfigRule> RULES = List.of(
            ConfigKeys::testRootsNeedExplicitOptIn,
            ConfigKeys::plainHttpNeedsTestOptIn,
            ConfigKeys::heldKeyNeedsClientAuth,
            ConfigKeys::tokenAuthNeedsTokens,
            ConfigKeys::clientAuthNeedsHeldKey,
            ConfigKeys::plainHttpPcsNeedsTestRoots,
            ConfigKeys::gpuTestDeviceRootIsOneCertificate,
            ConfigKeys::gpuNrasIntermediatesAreCaCertificates,
            ConfigKeys::testGatewayCaIsCaCertificates);

    private static String domainPattern(String raw) {
        new dev.verifiedproxy.routing.DomainAllowList(List.of(raw));
        return raw;
    }

    private static String resolveEntry(String raw) {
        dev.verifiedproxy.routing.EndpointResolver.parse(raw);
        return raw;
    }

    /** Plain-http service URLs can be spoofed on the path; only tests and the demo use them. */
    private static Optional<String> plainHttpNeedsTestOptIn(ProxyConfig config) {
        if ("http".equals(config.get(DISCOVERY_URL).getScheme()) && !config.get(ALLOW_TEST_ROOTS)) {
            return Optional.of(DISCOVERY_URL.name() + " uses plain http, which is only allowed with "
                    + ALLOW_TEST_ROOTS.name() + "=true (tests and demo)");
        }
        return Optional.empty();
    }

    /** A proxy holding the NEAR key must not be an open relay for it. */
    private static Optional<String> heldKeyNeedsClientAuth(ProxyConfig config) {
        if (config.find(API_KEY).isPresent() && config.get(CLIENT_AUTH) == ClientAuth.NONE) {
            return Optional.of(API_KEY.name() + " is set but " + CLIENT_AUTH.name() + " is none: anyone who can reach "
                    + "the proxy could spend the key. Choose token, container or token-or-container.");
        }
        return Optional.empty();
    }

    /** Clients that authenticate to the proxy no longer send a NEAR key of their own. */
    private static Optional<String> clientAuthNeedsHeldKey(ProxyConfig config) {
        if (config.get(CLIENT_AUTH) != ClientAuth.NONE && config.find(API_KEY).isEmpty()) {
            return Optional.of(CLIENT_AUTH.name() + " is " + config.get(CLIENT_AUTH).name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') + " but " + API_KEY.name() + " is not set: clients authenticate to the proxy, "
                    + "so the proxy must hold the NEAR key to send upstream");
        }
        return Optional.empty();
    }

    private static Optional<String> tokenAuthNeedsTokens(ProxyConfig config) {
        ClientAuth auth = config.get(CLIENT_AUTH);
        boolean usesTokens = auth == ClientAuth.TOKEN || auth == ClientAuth.TOKEN_OR_CONTAINER;
        if (usesTokens && config.find(CLIENT_TOKENS).map(List::isEmpty).orElse(true)) {
            return Optional.of(CLIENT_AUTH.name() + " accepts tokens but " + CLIENT_TOKENS.name() + " lists none");
        }
        return Optional.empty();
    }

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
