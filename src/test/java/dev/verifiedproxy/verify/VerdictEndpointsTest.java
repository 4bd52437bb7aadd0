package dev.verifiedproxy.verify;

import dev.verifiedproxy.attestation.ModelBinding;
import dev.verifiedproxy.attestation.ModelBindingFailure;
import dev.verifiedproxy.attestation.verifier.EvidenceArchive;
import dev.verifiedproxy.attestation.verifier.VerdictAttestor;
import dev.verifiedproxy.attestation.web.AttestorBeans;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.web.DcapBeans;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.gpu.web.GpuConfiguration;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.proxy.ProxyBeans;
import dev.verifiedproxy.routing.DomainAllowList;
import dev.verifiedproxy.routing.EndpointDiscovery;
import dev.verifiedproxy.routing.EndpointResolver;
import dev.verifiedproxy.routing.Router;
import dev.verifiedproxy.testing.backend.SimulatedNearCloud;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.transport.AttestedConnectionPool;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.TransportSettings;
import dev.verifiedproxy.transport.TransportTestSupport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict endpoints against the simulated NEAR cloud (the one the ITs and the demo use), with the
 * application's own wiring from that cloud's proxy settings: test Intel root, fake PCS, fake NRAS and test
 * device root, the built-in default policy. A genuine backend verifies, GPU included; a simulated gateway
 * that wants an API key for its report gets the proxy's key, else the caller's. In gateway mode a model's verdict
 * is the gateway's report asked for that model, which must carry that model's attestation.
 */
class VerdictEndpointsTest {

    private static final String MODEL = "test/model-a";
    private static final String DOMAIN = "model-a.completions.near.ai";
    private static final String GATEWAY_KEY = "sk-test-gateway";

    @TempDir
    static Path work;

    private static SimulatedNearCloud cloud;
    private static SimulatedTeeBackend gateway;
    private static JdkHttpFetcher fetcher;
    private static final List<BackendClient> clients = new ArrayList<>();
    private static VerificationService service;

    @BeforeAll
    static void start() {
        cloud = SimulatedNearCloud.start(work, 0, 0, List.of(new SimulatedNearCloud.Model(MODEL, DOMAIN, 1, 0)));
        gateway = SimulatedTeeBackend.start(cloud.pki().forge(), MODEL, SimulatedTeeBackend.Shape.GATEWAY, 1, 0)
                .requireApiKey(GATEWAY_KEY).gpuEvidence(cloud.backend(MODEL).gpuEvidence())
                .tlsCertificates(cloud.gatewayCa(), "gateway.test");
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(5));
        service = service("gateway.test", gateway.port(), Map.of());
    }

    /**
     * The endpoints' service wired as the application wires it, from the simulated cloud's proxy settings plus
     * {@code extra}, with the gateway at {@code gatewayDomain} on 127.0.0.1:{@code gatewayPort}.
     */
    private static VerificationService service(String gatewayDomain, int gatewayPort, Map<String, String> extra) {
        return service(Router.Mode.DIRECT, gatewayDomain, gatewayPort, extra);
    }

    private static VerificationService service(Router.Mode mode, String gatewayDomain, int gatewayPort,
                                               Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(cloud.proxySettings());
        settings.put("verifiedproxy.upstream.gateway-url", "https://" + gatewayDomain);
        settings.put("verifiedproxy.upstream.resolve", settings.get("verifiedproxy.upstream.resolve") + "," + gatewayDomain
                + "=127.0.0.1:" + gatewayPort);
        settings.putAll(extra);
        ProxyConfig config = ProxyConfig.load(List.of(ConfigSource.systemProperties(settings)));
        Clock clock = Clock.systemUTC();
        CollateralSource collateral = DcapBeans.collateralSourceFor(config, fetcher, clock);
        EvidenceArchive archive = new EvidenceArchive(config.get(ConfigKeys.EVIDENCE_MAX_ENTRIES),
                config.get(ConfigKeys.EVIDENCE_MAX_BYTES));
        VerificationService built = new VerificationService();
        built.verifier = AttestorBeans.verifierFor(config, DcapBeans.verifierFor(config),
                GpuConfiguration.verifier(config, fetcher, clock));
        built.collateral = collateral;
        built.archive = archive;
        built.config = config;
        DomainAllowList allowList = new DomainAllowList(config.get(ConfigKeys.ALLOWED_DOMAINS));
        EndpointResolver resolver = new EndpointResolver(config.get(ConfigKeys.BACKEND_PORT), config.get(ConfigKeys.RESOLVE));
        built.router = new Router(mode, config.get(ConfigKeys.GATEWAY_URL).getHost(),
                new EndpointDiscovery(fetcher, config.get(ConfigKeys.DISCOVERY_URL), Duration.ofMinutes(5), Duration.ofSeconds(5),
                        allowList, clock), allowList, resolver);
        TransportSettings transport = TransportTestSupport.testSettings();
        built.client = new BackendClient(new AttestedConnectionPool(new VerdictAttestor(built.verifier, collateral, archive,
                4L << 20), transport, clock, ProxyBeans.webPkiTrust(config)), transport);
        clients.add(built.client);
        return built;
    }

    @AfterAll
    static void stop() {
        clients.forEach(BackendClient::close);
        gateway.close();
        cloud.close();
        fetcher.close();
    }

    private static JsonObject json(Response response) {
        assertEquals(200, response.getStatus());
        assertEquals("no-store", response.getHeaderString("Cache-Control"));
        return Json.createReader(new StringReader((String) response.getEntity())).readObject();
    }

    private static Response post(String body) {
        BundleResource resource = new BundleResource();
        resource.service = service;
        resource.config = service.config;
        return resource.verify(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Response evidence(String id) {
        EvidenceResource resource = new EvidenceResource();
        resource.service = service;
        return resource.find(id);
    }

    @Test
    void aGenuineModelBackendIsVerifiedLiveGpuIncludedAndItsEvidenceReverifiesToTheSameVerdict() {
        SimulatedTeeBackend backend = cloud.backend(MODEL);
        long before = cloud.nras().attestRequests();
        JsonObject verdict = service.model(MODEL, null);
        assertTrue(verdict.getBoolean("verified"), verdict.toString());
        assertEquals(DOMAIN, verdict.getString("backend"));
        assertEquals(List.of("model", "composeManager"), verdict.getJsonArray("components").stream()
                .map(c -> c.asJsonObject().getString("role")).toList());
        List<String> names = verdict.getJsonArray("components").getJsonObject(0).getJsonArray("checks").stream()
                .map(c -> c.asJsonObject().getString("name")).toList();
        for (String name : List.of("intel_quote", "live_tls_spki", "rtmr3_replay", "compose_hash_event", "info_mr_aggregated",
                "tcb_status", "td_debug", "gpu_evidence_signature", "gpu_token_signature", "gpu_identity",
                "compose_manager_present")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        assertEquals(before + 1, cloud.nras().attestRequests());
        assertEquals(0, backend.otherRequests(), "the report was the only request");

        JsonObject bundle = json(evidence(verdict.getString("evidenceId")));
        assertEquals(DOMAIN, bundle.getString("host"));
        JsonObject offline = json(post(bundle.toString()));
        JsonObjectBuilder expected = Json.createObjectBuilder(verdict);
        expected.remove("backend");
        expected.remove("evidenceId");
        assertEquals(withoutNrasSource(expected.build()), withoutNrasSource(offline),
                "the bundle re-verifies offline to the same verdict");
        assertEquals(before + 1, cloud.nras().attestRequests(), "offline: NRAS was not asked");
    }

    /** The one detail that says where NRAS's answer came from (live: its URL; offline: the bundle). */
    private static String withoutNrasSource(JsonObject verdict) {
        return verdict.toString().replaceAll("\\{\"name\":\"gpu_nras_exchange\",\"ok\":true,\"detail\":\"[^\"]*\"}",
                "{\"name\":\"gpu_nras_exchange\",\"ok\":true}");
    }

    @Test
    void aBackendThatFailsIsAVerdictNotAnError() {
        SimulatedTeeBackend backend = cloud.backend(MODEL);
        backend.misbehave(SimulatedTeeBackend.Misbehaviour.GPU_NONCE_SPLICED);
        try {
            JsonObject verdict = service.model(MODEL, null);
            assertFalse(verdict.getBoolean("verified"));
            JsonObject failed = verdict.getJsonArray("components").getJsonObject(0).getJsonArray("checks").stream()
                    .map(c -> c.asJsonObject()).filter(c -> !c.getBoolean("ok")).findFirst().orElseThrow();
            assertEquals("gpu_evidence_nonce", failed.getString("name"));
            assertTrue(failed.getString("detail").startsWith("evidence_nonce_mismatch"), failed.toString());
            assertTrue(verdict.containsKey("evidenceId"), "failed verifications are archived too");
        } finally {
            backend.misbehave(SimulatedTeeBackend.Misbehaviour.NONE);
        }
    }

    @Test
    void anUnknownModelIs404() {
        ApiException e = assertThrows(ApiException.class, () -> service.model("no/such-model", null));
        assertEquals(404, e.error().status());
        assertEquals("model_not_found", e.error().code());
    }

    @Test
    void theGatewayIsVerifiedWithTheCallersKey() {
        JsonObject verdict = service.gateway("Bearer " + GATEWAY_KEY);
        assertTrue(verdict.getBoolean("verified"), verdict.toString());
        assertEquals("gateway.test", verdict.getString("backend"));
        assertEquals(List.of("gateway"), verdict.getJsonArray("components").stream()
                .map(c -> c.asJsonObject().getString("role")).toList());
    }

    @Test
    void inGatewayModeAModelIsVerifiedByTheGatewaysReportWithThatModelsAttestation() {
        long before = gateway.attestationRequests(MODEL);
        JsonObject verdict = gatewayMode().model(MODEL, "Bearer " + GATEWAY_KEY);
        assertTrue(verdict.getBoolean("verified"), verdict.toString());
        assertEquals("gateway.test", verdict.getString("backend"));
        assertEquals(List.of("gateway", "model", "composeManager"), verdict.getJsonArray("components").stream()
                .map(c -> c.asJsonObject().getString("role")).toList());
        assertTrue(check(verdict, "gateway", ModelBinding.MODEL_ATTESTATION).getBoolean("ok"));
        assertTrue(check(verdict, "model", ModelBinding.MODEL_NAME).getBoolean("ok"));
        assertEquals(before + 1, gateway.attestationRequests(MODEL), "the report was asked for the model");
    }

    @Test
    void inGatewayModeAReportWithoutTheModelsAttestationIsNotVerified() {
        gateway.misbehave(SimulatedTeeBackend.Misbehaviour.GATEWAY_NO_MODEL_ATTESTATION);
        try {
            JsonObject verdict = gatewayMode().model(MODEL, "Bearer " + GATEWAY_KEY);
            assertFalse(verdict.getBoolean("verified"), verdict.toString());
            assertEquals(List.of("gateway"), verdict.getJsonArray("components").stream()
                    .map(c -> c.asJsonObject().getString("role")).toList());
            JsonObject missing = check(verdict, "gateway", ModelBinding.MODEL_ATTESTATION);
            assertFalse(missing.getBoolean("ok"));
            assertTrue(missing.getString("detail").startsWith(ModelBindingFailure.MODEL_ATTESTATION_MISSING.code()),
                    missing.toString());
        } finally {
            gateway.misbehave(SimulatedTeeBackend.Misbehaviour.NONE);
        }
    }

    @Test
    void inGatewayModeAnotherModelsAttestationIsNotVerified() {
        gateway.misbehave(SimulatedTeeBackend.Misbehaviour.GATEWAY_OTHER_MODEL);
        try {
            JsonObject verdict = gatewayMode().model(MODEL, "Bearer " + GATEWAY_KEY);
            assertFalse(verdict.getBoolean("verified"), verdict.toString());
            JsonObject missing = check(verdict, "gateway", ModelBinding.MODEL_ATTESTATION);
            assertTrue(missing.getString("detail").startsWith(ModelBindingFailure.MODEL_ATTESTATION_MISSING.code()),
                    missing.toString());
            JsonObject other = check(verdict, "model", ModelBinding.MODEL_NAME);
            assertFalse(other.getBoolean("ok"));
            assertTrue(other.getString("detail").startsWith(ModelBindingFailure.MODEL_NAME_MISMATCH.code()), other.toString());
        } finally {
            gateway.misbehave(SimulatedTeeBackend.Misbehaviour.NONE);
        }
    }

    private static VerificationService gatewayMode() {
        return service(Router.Mode.GATEWAY, "gateway.test", gateway.port(), Map.of());
    }

    /** The first component in {@code role}'s check {@code name}. */
    private static JsonObject check(JsonObject verdict, String role, String name) {
        return verdict.getJsonArray("components").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("role").equals(role)).findFirst().orElseThrow()
                .getJsonArray("checks").stream().map(c -> c.asJsonObject()).filter(c -> c.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + role + " check " + name + " in " + verdict));
    }

    /** The gateway's refusal of the caller's (missing) key is the caller's answer: its status and error. */
    @Test
    void withoutAKeyTheCallerGetsTheGatewaysRefusal() {
        ApiException e = assertThrows(ApiException.class, () -> service.gateway(null));
        assertEquals(401, e.error().status());
        assertEquals("Invalid or missing Authorization header", e.error().message());
        assertEquals("unauthorized", e.error().type());
    }

    /** A model CVM's report is unauthenticated: the caller's key never goes with it. */
    @Test
    void aModelsReportIsFetchedWithoutTheCallersKey() {
        SimulatedTeeBackend backend = cloud.backend(MODEL);
        long before = backend.attestationRequests();
        assertTrue(service.model(MODEL, "Bearer sk-caller").getBoolean("verified"));
        assertEquals(before + 1, backend.attestationRequests());
        assertEquals(0, backend.reportsWithAuthorization());
    }

    /** A gateway whose certificate no trusted authority issued for its name gets no key, and nothing else. */
    @Test
    void anUncertifiedGatewayGetsNoKey() {
        try (SimulatedTeeBackend spoofed = SimulatedTeeBackend.start(cloud.pki().forge(), MODEL,
                SimulatedTeeBackend.Shape.GATEWAY, 1, 0)) {
            ApiException e = assertThrows(ApiException.class,
                    () -> service("gateway.test", spoofed.port(), Map.of()).gateway("Bearer " + GATEWAY_KEY));
            assertEquals(502, e.error().status());
            assertEquals("credential_withheld", e.error().code());
            assertEquals(0, spoofed.attestationRequests());
        }
    }

    @Test
    void theProxysKeyReplacesTheCallers() {
        VerificationService holdingTheKey = service("gateway.test", gateway.port(), Map.of(
                "verifiedproxy.upstream.api-key", GATEWAY_KEY, "verifiedproxy.client.auth", "token",
                "verifiedproxy.client.tokens", "proxy-client-token"));
        assertTrue(holdingTheKey.gateway("Bearer proxy-client-token").getBoolean("verified"));
    }

    @Test
    void aBackendThatDoesNotAnswerIs504() {
        SimulatedTeeBackend backend = cloud.backend(MODEL);
        backend.misbehave(SimulatedTeeBackend.Misbehaviour.ATTESTATION_TIMEOUT);
        try {
            ApiException e = assertThrows(ApiException.class, () -> service.model(MODEL, null));
            assertEquals(504, e.error().status());
            assertEquals("upstream_timeout", e.error().code());
        } finally {
            backend.misbehave(SimulatedTeeBackend.Misbehaviour.NONE);
        }
    }

    @Test
    void anUnreachableGatewayIs502() {
        ApiException e = assertThrows(ApiException.class, () -> service("down.test", 1, Map.of()).gateway(null));
        assertEquals(502, e.error().status());
        assertEquals("upstream_unreachable", e.error().code());
        assertEquals("upstream_error", e.error().type());
    }

    @Test
    void unknownEvidenceIs404() {
        ApiException e = assertThrows(ApiException.class, () -> evidence("00".repeat(16)));
        assertEquals(404, e.error().status());
        assertEquals("evidence_not_found", e.error().code());
    }

    @Test
    void anInvalidBundleIs400WithItsPath() {
        ApiException e = assertThrows(ApiException.class, () -> post("{\"report\":{},\"nonce\":\"zz\",\"at\":1}"));
        assertEquals(400, e.error().status());
        assertEquals("$.nonce", e.error().param());
        ApiException unknownField = assertThrows(ApiException.class, () -> post("{\"report\":{},\"nonce\":\"" + "00".repeat(32)
                + "\",\"at\":1,\"extra\":1}"));
        assertEquals("$.extra", unknownField.error().param());
        assertEquals(400, assertThrows(ApiException.class, () -> post("[1]")).error().status());
    }

    @Test
    void aBundleWhoseReportIsNotAReportIsAFailedVerdict() {
        JsonObject verdict = json(post("{\"report\":{\"hello\":1},\"nonce\":\"" + "00".repeat(32) + "\",\"at\":1}"));
        assertFalse(verdict.getBoolean("verified"));
        assertEquals("report_format", verdict.getJsonArray("components").getJsonObject(0).getJsonArray("checks")
                .getJsonObject(0).getString("name"));
    }
}
