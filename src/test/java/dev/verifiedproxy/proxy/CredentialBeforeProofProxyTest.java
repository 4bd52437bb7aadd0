package dev.verifiedproxy.proxy;

import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.TlsTestCa;
import dev.verifiedproxy.transport.TransportTestSupport;
import dev.verifiedproxy.transport.WebPkiStatus;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No API key reaches a backend before it is proved, unless an ordinary HTTPS client would send it there too. Direct
 * mode: a model CVM's report request is unauthenticated and carries no credential, neither the proxy's held key nor
 * the client's own. Gateway mode: the gateway wants the key with its report, which goes only to a peer whose
 * certificate is valid for the gateway's domain (system CAs, here plus the bed's test CA); to any other peer
 * nothing is sent and the client gets 502 {@code credential_withheld}.
 */
class CredentialBeforeProofProxyTest extends ProxyBedTest {

    private static final String HELD = "sk-held";
    private static final Map<String, String> HOLDING_THE_KEY = settings("VERIFIEDPROXY_UPSTREAM_API_KEY", HELD,
            "VERIFIEDPROXY_CLIENT_AUTH", "token", "VERIFIEDPROXY_CLIENT_TOKENS", "tok-1");

    private static ProxiedRequest echo(String authorization) {
        return ProxyTestBed.post("v1/echo", "{\"model\":\"" + ProxyTestBed.MODEL + "\"}",
                Map.entry("Authorization", authorization));
    }

    private static JsonObject echoedHeaders(Response response) throws IOException {
        assertEquals(200, response.getStatus());
        return ProxyTestBed.json(ProxyTestBed.entity(response)).getJsonObject("headers");
    }

    private ProxyTestBed gateway(Map<String, String> settings) {
        return start(SimulatedTeeBackend.Shape.GATEWAY, 1, settings, TransportTestSupport.bindingOnlyAttestor());
    }

    @Test
    void directModeSendsNotTheHeldKeyWithTheReport() throws IOException {
        ProxyTestBed bed = start(HOLDING_THE_KEY);
        JsonObject headers = echoedHeaders(bed.proxy.forward(echo("Bearer tok-1")));
        assertEquals("Bearer " + HELD, headers.getString("authorization"), "the request itself, after proof, has it");
        assertEquals(1, bed.backend.attestationRequests());
        assertNull(bed.backend.lastReportHeaders().get("authorization"));
        assertEquals(0, bed.backend.reportsWithAuthorization());
    }

    @Test
    void directModeSendsNotTheClientsKeyWithTheReport() throws IOException {
        ProxyTestBed bed = start(Map.of());
        JsonObject headers = echoedHeaders(bed.proxy.forward(echo("Bearer sk-client")));
        assertEquals("Bearer sk-client", headers.getString("authorization"));
        assertEquals(1, bed.backend.attestationRequests());
        assertEquals(0, bed.backend.reportsWithAuthorization());
        assertFalse(bed.backend.lastReportHeaders().containsKey("authorization"));
    }

    @Test
    void theGatewaysReportCarriesTheKeyWhenItsCertificateIsValid() throws IOException {
        ProxyTestBed bed = gateway(HOLDING_THE_KEY);
        bed.backend.requireApiKey(HELD);
        echoedHeaders(bed.proxy.forward(echo("Bearer tok-1")));
        assertEquals("Bearer " + HELD, bed.backend.lastReportHeaders().get("authorization"));
        assertEquals(0, bed.backend.bytesBeforeProof());
    }

    @Test
    void aSelfSignedGatewayGetsNeitherTheKeyNorAnythingElse() {
        ProxyTestBed bed = gateway(HOLDING_THE_KEY);
        bed.backend.tlsCertificates(null);
        ApiException e = assertThrows(ApiException.class, () -> bed.proxy.forward(echo("Bearer tok-1")));
        assertEquals(502, e.error().status());
        assertEquals("credential_withheld", e.error().code());
        assertEquals("upstream_error", e.error().type());
        assertTrue(e.getMessage().contains("check " + WebPkiStatus.UNTRUSTED_CHAIN.check()), e.getMessage());
        assertTrue(e.getMessage().contains("is not valid under the system's certificate authorities"), e.getMessage());
        assertEquals(0, bed.backend.attestationRequests());
        assertEquals(0, bed.backend.otherRequests());
    }

    @Test
    void aClientsOwnKeyIsWithheldFromAnUncertifiedGatewayToo() {
        ProxyTestBed bed = gateway(Map.of());
        bed.backend.tlsCertificates(TlsTestCa.generate("a spoofer's CA"), ProxyTestBed.GATEWAY);
        ApiException e = assertThrows(ApiException.class, () -> bed.proxy.forward(echo("Bearer sk-client")));
        assertEquals("credential_withheld", e.error().code());
        assertEquals(0, bed.backend.attestationRequests());
    }

    @Test
    void aGatewayCertificateForAnotherNameIsRefused() {
        ProxyTestBed bed = gateway(HOLDING_THE_KEY);
        bed.backend.tlsCertificates(bed.gatewayCa, "elsewhere.near.test");
        ApiException e = assertThrows(ApiException.class, () -> bed.proxy.forward(echo("Bearer tok-1")));
        assertEquals("credential_withheld", e.error().code());
        assertTrue(e.getMessage().contains("check " + WebPkiStatus.WRONG_NAME.check()), e.getMessage());
        assertEquals(0, bed.backend.attestationRequests());
    }
}
