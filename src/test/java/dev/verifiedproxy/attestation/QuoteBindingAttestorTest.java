package dev.verifiedproxy.attestation;

import dev.verifiedproxy.collateral.CachingCollateralSource;
import dev.verifiedproxy.collateral.IntelPcsClient;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.FakePcs;
import dev.verifiedproxy.testing.dcap.TestPki;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport's verifier, end to end: a simulated CVM over real TLS, its quote forged by a test
 * PKI, collateral from a fake Intel PCS, verification with that PKI's root. For each way the
 * backend can fail attestation, the client's request never reaches it.
 */
class QuoteBindingAttestorTest {

    private static final String DOMAIN = "model-a.completions.near.ai";
    private static TestPki pki;

    private SimulatedTeeBackend backend;
    private FakePcs pcs;
    private JdkHttpFetcher fetcher;
    private BackendClient client;

    @BeforeAll
    static void pki() {
        pki = TestPki.generate();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {client, backend, pcs, fetcher}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // Best effort.
            }
        }
    }

    private void start(TcbStatus collateralStatus) {
        start(collateralStatus, SimulatedTeeBackend.Shape.DIRECT);
    }

    private void start(TcbStatus collateralStatus, SimulatedTeeBackend.Shape shape) {
        backend = SimulatedTeeBackend.start(pki.forge(), "test/model-a", shape, 1, 0);
        pcs = FakePcs.start();
        pcs.serve(TeeType.TDX, HexFormat.of().formatHex(pki.pck().spec().fmspc()),
                pki.pck().spec().caType().name().toLowerCase(Locale.ROOT),
                pki.collateral(CollateralSpec.tdx().tcbStatus(collateralStatus)));
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(5));
        DcapService dcap = new DcapService(new DcapVerifier(pki.rootCertificate()),
                new CachingCollateralSource(new IntelPcsClient(fetcher, pcs.baseUrl(), Duration.ofSeconds(5), 4L << 20),
                        Clock.systemUTC(), Duration.ofHours(1), 16));
        TransportSettings settings = new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4L << 20, "ecdsa", Duration.ofHours(1), Duration.ZERO, 8, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        client = new BackendClient(new AttestedConnectionPool(new QuoteBindingAttestor(dcap, Set.of(TcbStatus.UP_TO_DATE)),
                settings, Clock.systemUTC()), settings);
    }

    private BackendResponse get() throws TransportException {
        return client.send(new BackendTarget(new BackendEndpoint(DOMAIN, "127.0.0.1", backend.port()), BackendRole.MODEL,
                "test/model-a", Map.of()), new BackendRequest("GET", "/v1/models", List.of(), null));
    }

    @Test
    void aGenuineBackendIsVerifiedAndServed() throws Exception {
        start(TcbStatus.UP_TO_DATE);
        try (BackendResponse response = get()) {
            response.body().readAllBytes();
            assertEquals(200, response.status());
            assertEquals("UpToDate", response.verification().outcome().tcbStatus());
            assertEquals(backend.signingIdentity("ecdsa").address(), response.verification().outcome().signingAddress());
            assertEquals("test/model-a", response.verification().outcome().modelName());
        }
        assertEquals(0, backend.bytesBeforeProof());
    }

    @Test
    void everyAttestationFailureIsRefusedBeforeAnyClientByte() {
        Map<Misbehaviour, String> expectedCheck = Map.of(
                Misbehaviour.WRONG_SPKI, "live_tls_spki",
                Misbehaviour.STALE_NONCE, "request_nonce",
                Misbehaviour.UNBOUND_REPORT_DATA, "report_data",
                Misbehaviour.INVALID_QUOTE, "intel_quote",
                Misbehaviour.DEBUG_TD, "intel_quote");
        for (Map.Entry<Misbehaviour, String> expected : expectedCheck.entrySet()) {
            start(TcbStatus.UP_TO_DATE);
            backend.misbehave(expected.getKey());
            TransportException e = assertThrows(TransportException.class, this::get, expected.getKey().name());
            assertEquals(TransportFailure.ATTESTATION_REJECTED, e.failure(), e.getMessage());
            assertEquals(expected.getValue(), e.failedCheck(), expected.getKey() + ": " + e.getMessage());
            assertEquals(0, backend.otherRequests(), expected.getKey().name());
            assertEquals(0, backend.bytesBeforeProof(), expected.getKey().name());
            stop();
        }
    }

    @Test
    void aDisallowedTcbStatusIsRefused() {
        start(TcbStatus.OUT_OF_DATE);
        TransportException e = assertThrows(TransportException.class, this::get);
        assertEquals("tcb_status", e.failedCheck(), e.getMessage());
        assertTrue(e.getMessage().contains("OutOfDate"), e.getMessage());
        assertEquals(0, backend.otherRequests());
    }

    @Test
    void unreachableCollateralFailsClosed() {
        start(TcbStatus.UP_TO_DATE);
        pcs.failNext(100, 503);
        TransportException e = assertThrows(TransportException.class, this::get);
        assertEquals("intel_quote", e.failedCheck());
        assertTrue(e.getMessage().contains("COLLATERAL_UNAVAILABLE"), e.getMessage());
        assertEquals(0, backend.otherRequests());
    }

    @Test
    void theGatewayShapeIsVerifiedOnTheGatewaysOwnQuote() throws Exception {
        start(TcbStatus.UP_TO_DATE, SimulatedTeeBackend.Shape.GATEWAY);
        try (BackendResponse response = client.send(new BackendTarget(new BackendEndpoint("cloud-api.near.ai",
                "127.0.0.1", backend.port()), BackendRole.GATEWAY, null, Map.of()),
                new BackendRequest("GET", "/v1/models", List.of(), null))) {
            response.body().readAllBytes();
            assertEquals(200, response.status());
            AttestationOutcome outcome = response.verification().outcome();
            assertEquals(backend.gatewaySigningKeys().signingAddress(SigningAlgo.ECDSA), outcome.gatewaySigningAddress());
            assertNull(outcome.signingAddress(), "the model attestations behind the gateway are not verified here");
            assertNull(outcome.signingPublicKey());
        }
        TransportException wrongShape = assertThrows(TransportException.class, () -> client.send(new BackendTarget(
                new BackendEndpoint("x.completions.near.ai", "127.0.0.1", backend.port()), BackendRole.MODEL, null, Map.of()),
                new BackendRequest("GET", "/v1/models", List.of(), null)));
        assertEquals("report_shape", wrongShape.failedCheck());
    }
}
