package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.TlsTestCa;
import dev.verifiedproxy.testing.dcap.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API key goes with the gateway's report request, before the gateway is proved, only to a peer whose
 * certificate is valid for the gateway's domain under the system's certificate authorities (here plus a test CA):
 * a DNS spoofer answering with any other certificate gets nothing at all. A model CVM's report never carries one.
 * And a refusal of a caller's key is that caller's answer, with the gateway's status, never remembered for others.
 */
class CredentialBeforeProofTest {

    private static final String GATEWAY = "gateway.near.test";
    private static final String GOOD = "sk-good";
    private static TestPki pki;
    private static TlsTestCa ca;

    private SimulatedTeeBackend gateway;
    private AttestedConnectionPool pool;
    private BackendClient client;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

    @BeforeAll
    static void pki() {
        pki = TestPki.generate();
        ca = TlsTestCa.generate("credential test CA");
    }

    @BeforeEach
    void start() {
        gateway = SimulatedTeeBackend.start(pki.forge(), "test/model-a", SimulatedTeeBackend.Shape.GATEWAY, 1, 0)
                .tlsCertificates(ca, GATEWAY).requireApiKey(GOOD);
        // A long back-off: a failure that were remembered would show on the very next request.
        TransportSettings settings = new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4L << 20, "ecdsa", Duration.ofHours(1), Duration.ofMinutes(10), 8,
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        pool = new AttestedConnectionPool(new BindingOnlyAttestor(), settings, clock,
                WebPkiTrust.systemAnd(List.of(ca.certificate())));
        client = new BackendClient(pool, settings);
    }

    @AfterEach
    void stop() {
        client.close();
        gateway.close();
    }

    private BackendTarget target(String authorization) {
        return BackendTarget.withCredential(new BackendEndpoint(GATEWAY, "127.0.0.1", gateway.port()),
                BackendRole.GATEWAY, null, authorization);
    }

    /** A verified connection for the target, released at once. */
    private Lease leaseOf(BackendTarget target) throws TransportException {
        Lease lease = pool.lease(target);
        pool.release(lease, true);
        return lease;
    }

    @Test
    void theKeyGoesToAGatewayWhoseCertificateIsValidForItsDomain() throws TransportException {
        Lease lease = leaseOf(target("Bearer " + GOOD));
        assertEquals(WebPkiStatus.VALID, lease.connection().webPkiStatus());
        assertEquals("Bearer " + GOOD, gateway.lastReportHeaders().get("authorization"));
    }

    @Test
    void aSelfSignedGatewayGetsNothingAtAll() {
        gateway.tlsCertificates(null);
        TransportException e = assertThrows(TransportException.class, () -> leaseOf(target("Bearer " + GOOD)));
        assertEquals(TransportFailure.CREDENTIAL_WITHHELD, e.failure());
        assertEquals(WebPkiStatus.UNTRUSTED_CHAIN.check(), e.failedCheck());
        assertTrue(e.getMessage().contains("the certificate of " + GATEWAY + " is not valid under the system's "
                + "certificate authorities"), e.getMessage());
        assertTrue(e.getMessage().contains("the API key is not sent before attestation"), e.getMessage());
        assertEquals(1, gateway.connections(), "the handshake happened");
        assertEquals(0, gateway.attestationRequests(), "and nothing was sent on it");
        assertEquals(0, gateway.otherRequests());
    }

    @Test
    void aGatewayCertifiedByAnUnknownCaGetsNothing() {
        gateway.tlsCertificates(TlsTestCa.generate("someone else's CA"), GATEWAY);
        TransportException e = assertThrows(TransportException.class, () -> leaseOf(target("Bearer " + GOOD)));
        assertEquals(TransportFailure.CREDENTIAL_WITHHELD, e.failure());
        assertEquals(WebPkiStatus.UNTRUSTED_CHAIN.check(), e.failedCheck());
        assertEquals(0, gateway.attestationRequests());
    }

    @Test
    void aCertificateForAnotherNameGetsNothing() {
        gateway.tlsCertificates(ca, "elsewhere.near.test");
        TransportException e = assertThrows(TransportException.class, () -> leaseOf(target("Bearer " + GOOD)));
        assertEquals(TransportFailure.CREDENTIAL_WITHHELD, e.failure());
        assertEquals(WebPkiStatus.WRONG_NAME.check(), e.failedCheck());
        assertTrue(e.getMessage().contains("it is not issued for this domain"), e.getMessage());
        assertEquals(0, gateway.attestationRequests());
    }

    @Test
    void theVerificationEndpointsFetchWithholdsTheKeyToo() {
        gateway.tlsCertificates(null);
        TransportException e = assertThrows(TransportException.class, () -> client.fetchReport(target("Bearer " + GOOD)));
        assertEquals(TransportFailure.CREDENTIAL_WITHHELD, e.failure());
        assertEquals(0, gateway.attestationRequests());
    }

    /** WebPKI guards the key, it does not vouch for the backend: without a key, attestation alone decides. */
    @Test
    void withoutAKeyAnUncertifiedGatewayIsStillAttested() throws TransportException {
        gateway.tlsCertificates(null).requireApiKey(null);
        Lease lease = leaseOf(target(null));
        assertEquals(WebPkiStatus.UNTRUSTED_CHAIN, lease.connection().webPkiStatus());
        assertNull(gateway.lastReportHeaders().get("authorization"));
    }

    /** A withheld key depends on the caller having one: it is not remembered against the gateway's key. */
    @Test
    void aWithheldKeyIsNotRememberedForCallersWithoutOne() throws TransportException {
        gateway.tlsCertificates(null).requireApiKey(null);
        assertThrows(TransportException.class, () -> leaseOf(target("Bearer " + GOOD)));
        leaseOf(target(null));
        assertEquals(1, gateway.attestationRequests());
    }

    @Test
    void aModelCvmsReportNeverCarriesACredential() {
        BackendEndpoint endpoint = new BackendEndpoint("model-a.completions.near.ai", "127.0.0.1", 443);
        assertThrows(IllegalArgumentException.class, () -> new BackendTarget(endpoint, BackendRole.MODEL, null,
                Map.of("Authorization", "Bearer " + GOOD)));
        assertEquals(Map.of(), BackendTarget.withCredential(endpoint, BackendRole.MODEL, "m", "Bearer " + GOOD)
                .attestationHeaders());
    }

    @Test
    void aRefusedKeyIsTheCallersOwnAnswerAndNotRemembered() throws TransportException {
        TransportException e = assertThrows(TransportException.class, () -> leaseOf(target("Bearer sk-bad")));
        assertEquals(TransportFailure.CREDENTIAL_REFUSED, e.failure());
        GatewayRefusal refusal = e.refusal().orElseThrow();
        assertEquals(401, refusal.status());
        assertEquals("Invalid or missing Authorization header", refusal.message(), "the gateway's own words");
        assertEquals("unauthorized", refusal.type());
        // Back-off is ten minutes: the next caller's good key is tried at once.
        assertEquals(WebPkiStatus.VALID, leaseOf(target("Bearer " + GOOD)).connection().webPkiStatus());
        assertEquals(2, gateway.attestationRequests());
    }

    @Test
    void aRateLimitedKeyIsPassedBackAs429() {
        gateway.rateLimitApiKey("sk-limited");
        TransportException e = assertThrows(TransportException.class, () -> leaseOf(target("Bearer sk-limited")));
        GatewayRefusal refusal = e.refusal().orElseThrow();
        assertEquals(429, refusal.status());
        assertEquals("Rate limit exceeded for this API key", refusal.message());
        assertEquals("rate_limit_exceeded", refusal.code());
    }

    /** Without a key (so without the WebPKI check) the peer is anyone: its 401 is passed on in the proxy's words. */
    @Test
    void theWordingOfAnUncertifiedPeerIsNotTakenOver() {
        gateway.tlsCertificates(null);
        TransportException e = assertThrows(TransportException.class, () -> leaseOf(target(null)));
        GatewayRefusal refusal = e.refusal().orElseThrow();
        assertEquals(401, refusal.status());
        assertEquals(GATEWAY + " refused the API key for its attestation report (HTTP 401)", refusal.message());
        assertNull(refusal.type());
    }

    /** A model CVM gets no credential, so its 401 is the backend's failure (502), not the caller's. */
    @Test
    void aModelCvmsRefusalIsTheBackendsFailure() {
        try (SimulatedTeeBackend cvm = SimulatedTeeBackend.start(pki.forge(), "test/model-a").requireApiKey(GOOD)) {
            BackendTarget target = BackendTarget.withCredential(new BackendEndpoint("model-a.completions.near.ai",
                    "127.0.0.1", cvm.port()), BackendRole.MODEL, null, "Bearer " + GOOD);
            TransportException e = assertThrows(TransportException.class, () -> leaseOf(target));
            assertEquals(TransportFailure.ATTESTATION_UNAVAILABLE, e.failure());
            assertTrue(e.refusal().isEmpty());
            assertEquals(0, cvm.reportsWithAuthorization());
        }
    }
}
