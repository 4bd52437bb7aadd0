package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.eventlog.JsonInput;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.testing.backend.VerifierBed;
import dev.verifiedproxy.testing.dcap.TestPki;
import dev.verifiedproxy.testing.nras.FakeNras;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.AttestedConnectionPool;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.BackendEndpoint;
import dev.verifiedproxy.transport.BackendRequest;
import dev.verifiedproxy.transport.BackendResponse;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.TransportException;
import dev.verifiedproxy.transport.TransportFailure;
import dev.verifiedproxy.transport.TransportSettings;
import dev.verifiedproxy.transport.TransportTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport's verifier, end to end: a simulated CVM over real TLS, its quotes forged by a test PKI, its
 * GPU evidence by forged GPUs, collateral from a fake Intel PCS, GPU appraisal by a fake NRAS, the full
 * verdict under the built-in default policy. A genuine backend is verified and its evidence archived; for each
 * way a backend can fail, the named check fails and the client's request never reaches it.
 */
class VerdictAttestorTest {

    private static final String DOMAIN = "model-a.completions.near.ai";
    private static TestPki pki;

    private VerifierBed bed;
    private SimulatedTeeBackend backend;
    private BackendClient client;
    private EvidenceArchive archive;

    @BeforeAll
    static void pki() {
        pki = TestPki.generate();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {client, backend, bed}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // Best effort.
            }
        }
        client = null;
        backend = null;
        bed = null;
    }

    private void start(TcbStatus collateralStatus, SimulatedTeeBackend.Shape shape) {
        bed = new VerifierBed(pki, collateralStatus);
        backend = bed.backend("test/model-a", shape);
        archive = new EvidenceArchive(16, 64L << 20);
        TransportSettings settings = TransportTestSupport.testSettings();
        VerdictAttestor attestor = new VerdictAttestor(bed.verifier(PolicyLoader.defaultPolicy()), bed.collateral(), archive,
                4L << 20);
        client = new BackendClient(new AttestedConnectionPool(attestor, settings, Clock.systemUTC()), settings);
    }

    private void start(TcbStatus collateralStatus) {
        start(collateralStatus, SimulatedTeeBackend.Shape.DIRECT);
    }

    private BackendResponse get() throws TransportException {
        return client.send(new BackendTarget(new BackendEndpoint(DOMAIN, "127.0.0.1", backend.port()), BackendRole.MODEL,
                "test/model-a", Map.of()), new BackendRequest("GET", "/v1/models", List.of(), null));
    }

    @Test
    void aGenuineBackendIsVerifiedUnderTheDefaultPolicyAndItsEvidenceReverifiesOffline() throws Exception {
        start(TcbStatus.UP_TO_DATE);
        AttestationOutcome outcome;
        try (BackendResponse response = get()) {
            response.body().readAllBytes();
            assertEquals(200, response.status());
            outcome = response.verification().outcome();
        }
        assertEquals(0, backend.bytesBeforeProof());
        assertEquals("UpToDate", outcome.tcbStatus());
        assertEquals(backend.signingIdentity("ecdsa").address(), outcome.signingAddress());
        assertEquals(backend.signingIdentity("ecdsa").publicKeyHex(), outcome.signingPublicKey());
        assertEquals("test/model-a", outcome.modelName());
        assertEquals(1, bed.nras().attestRequests(), "the GPU evidence was appraised by NRAS");
        assertNotNull(outcome.evidenceId());
        // Bounded by the NRAS tokens (the fake issues them for an hour) and the policy's one-hour SPKI cache.
        assertTrue(outcome.validUntil().isBefore(java.time.Instant.now().plus(Duration.ofMinutes(61))), outcome.toString());

        EvidenceArchive.Archived archived = archive.find(outcome.evidenceId()).orElseThrow();
        assertTrue(archived.verified());
        EvidenceBundle bundle = EvidenceBundle.fromJson(JsonInput.object(JsonInput.parse(archived.bundle(), 64L << 20, "$"), "$"));
        assertEquals(DOMAIN, bundle.host().orElseThrow());
        assertEquals(1, bundle.collateral().size());
        assertEquals(1, bundle.nras().orElseThrow().responses().size());
        Verification again = bed.verifier(PolicyLoader.defaultPolicy()).verifyOffline(bundle);
        assertTrue(again.verdict().verified(), again.verdict().toJson().toString());
        assertEquals(1, bed.nras().attestRequests(), "offline: NRAS was not asked again");
    }

    /** Each failure mode, with its check and its reason code (the outcome's detail leads with it). */
    @Test
    void everyAttestationFailureIsRefusedBeforeAnyClientByte() {
        Map<Misbehaviour, String> expected = new LinkedHashMap<>();
        expected.put(Misbehaviour.WRONG_SPKI, "live_tls_spki model: tls_fingerprint_mismatch");
        expected.put(Misbehaviour.STALE_NONCE, "request_nonce model: request_nonce_mismatch");
        expected.put(Misbehaviour.UNBOUND_REPORT_DATA, "report_data model: report_data_key_mismatch");
        expected.put(Misbehaviour.INVALID_QUOTE, "intel_quote model: quote_signature_invalid");
        expected.put(Misbehaviour.DEBUG_TD, "td_debug model: debug_td");
        expected.put(Misbehaviour.GPU_NONCE_SPLICED, "gpu_evidence_nonce model: evidence_nonce_mismatch");
        expected.put(Misbehaviour.COMPOSE_MANAGER_UNBOUND, "report_data composeManager: report_data_actions_mismatch");
        for (Map.Entry<Misbehaviour, String> e : expected.entrySet()) {
            start(TcbStatus.UP_TO_DATE);
            backend.misbehave(e.getKey());
            TransportException failure = assertThrows(TransportException.class, this::get, e.getKey().name());
            assertEquals(TransportFailure.ATTESTATION_REJECTED, failure.failure(), failure.getMessage());
            assertEquals(e.getValue(), failure.failedCheck() + " " + failure.detail().substring(0,
                    failure.detail().indexOf(':', failure.detail().indexOf(':') + 1)), e.getKey().name());
            assertTrue(failure.detail().contains("(evidence "), "the failure names its archived evidence");
            assertEquals(0, backend.otherRequests(), e.getKey().name());
            assertEquals(0, backend.bytesBeforeProof(), e.getKey().name());
            stop();
        }
    }

    @Test
    void aDisallowedTcbStatusIsRefused() {
        start(TcbStatus.OUT_OF_DATE);
        TransportException e = assertThrows(TransportException.class, this::get);
        assertEquals("tcb_status", e.failedCheck(), e.getMessage());
        assertTrue(e.detail().startsWith("model: tcb_status_not_allowed"), e.getMessage());
        assertTrue(e.getMessage().contains("OutOfDate"), e.getMessage());
        assertEquals(0, backend.otherRequests());
    }

    @Test
    void unreachableCollateralFailsClosed() {
        start(TcbStatus.UP_TO_DATE);
        bed.pcs().failNext(100, 503);
        TransportException e = assertThrows(TransportException.class, this::get);
        assertEquals("intel_quote", e.failedCheck());
        assertTrue(e.detail().startsWith("model: collateral_unavailable"), e.getMessage());
        assertEquals(0, backend.otherRequests());
    }

    /** NVIDIA's service down, or answering with a token whose signature does not verify: the GPU check fails. */
    @Test
    void nrasFailuresFailClosed() {
        Map<FakeNras.Misbehaviour, String> expected = Map.of(FakeNras.Misbehaviour.HTTP_500, "gpu_nras_exchange",
                FakeNras.Misbehaviour.FLIPPED_SIGNATURE, "gpu_token_signature");
        for (Map.Entry<FakeNras.Misbehaviour, String> e : expected.entrySet()) {
            start(TcbStatus.UP_TO_DATE);
            bed.nras().misbehave(e.getKey());
            TransportException failure = assertThrows(TransportException.class, this::get);
            assertEquals(e.getValue(), failure.failedCheck(), failure.getMessage());
            assertEquals(0, backend.otherRequests());
            stop();
        }
    }

    @Test
    void aReportThatIsNotJsonFailsTheFormatCheck() {
        start(TcbStatus.UP_TO_DATE);
        VerdictAttestor attestor = new VerdictAttestor(bed.verifier(PolicyLoader.defaultPolicy()), bed.collateral(), archive,
                1024);
        AttestationOutcome outcome = attestor.attest(new dev.verifiedproxy.transport.AttestationRequest(DOMAIN,
                BackendRole.MODEL, null, new byte[32], new dev.verifiedproxy.transport.SpkiHash(new byte[32]),
                "<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.time.Instant.now()));
        assertEquals(AttestationVerifier.REPORT_FORMAT, outcome.failedCheck());
        assertEquals(0, archive.size(), "nothing that is not a report is archived");
    }

    @Test
    void theGatewayShapeIsVerifiedOnTheGatewaysOwnQuoteAndItsModels() throws Exception {
        start(TcbStatus.UP_TO_DATE, SimulatedTeeBackend.Shape.GATEWAY);
        try (BackendResponse response = client.send(new BackendTarget(new BackendEndpoint("cloud-api.near.ai",
                "127.0.0.1", backend.port()), BackendRole.GATEWAY, "test/model-a", Map.of()),
                new BackendRequest("GET", "/v1/models", List.of(), null))) {
            response.body().readAllBytes();
            assertEquals(200, response.status());
            AttestationOutcome outcome = response.verification().outcome();
            assertEquals("test/model-a", outcome.modelName(), "the model behind the gateway signs its answers");
            assertEquals(backend.signingIdentity("ecdsa").address(), outcome.signingAddress());
            assertEquals(backend.gatewaySigningKeys().signingAddress(SigningAlgo.ECDSA), outcome.gatewaySigningAddress(),
                    "gateway-signed answers are checked against the gateway's own attested key");
            EvidenceBundle bundle = EvidenceBundle.fromJson(JsonInput.object(JsonInput.parse(
                    archive.find(outcome.evidenceId()).orElseThrow().bundle(), 64L << 20, "$"), "$"));
            assertEquals(List.of("gateway", "model", "composeManager"), bed.verifier(PolicyLoader.defaultPolicy())
                    .verifyOffline(bundle).verdict().components().stream().map(c -> c.role().json()).toList());
        }
        TransportException wrongShape = assertThrows(TransportException.class, () -> client.send(new BackendTarget(
                new BackendEndpoint("x.completions.near.ai", "127.0.0.1", backend.port()), BackendRole.MODEL, null, Map.of()),
                new BackendRequest("GET", "/v1/models", List.of(), null)));
        assertEquals(VerdictAttestor.REPORT_SHAPE, wrongShape.failedCheck());
    }
}
