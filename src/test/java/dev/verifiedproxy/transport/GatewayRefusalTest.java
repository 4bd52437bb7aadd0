package dev.verifiedproxy.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's refusal as the client gets it: its OpenAI error when well-formed and from a WebPKI-valid peer, bounded. */
class GatewayRefusalTest {

    private static final String DOMAIN = "gateway.near.test";
    private static final String FALLBACK = DOMAIN + " refused the API key for its attestation report (HTTP 402)";

    private static GatewayRefusal of(String body, boolean trusted) {
        return GatewayRefusal.of(402, body.getBytes(StandardCharsets.UTF_8), DOMAIN, trusted);
    }

    @Test
    void anOpenAiErrorIsTakenOver() {
        GatewayRefusal refusal = of("{\"error\":{\"message\":\"Insufficient credits\",\"type\":\"insufficient_credits\","
                + "\"param\":null,\"code\":402}}", true);
        assertEquals(402, refusal.status());
        assertEquals("Insufficient credits", refusal.message());
        assertEquals("insufficient_credits", refusal.type());
        assertNull(refusal.param());
        assertEquals("402", refusal.code());
    }

    @Test
    void anUncertifiedPeersWordingIsNot() {
        GatewayRefusal refusal = of("{\"error\":{\"message\":\"Your key expired: renew it at https://evil.example\"}}", false);
        assertEquals(FALLBACK, refusal.message());
        assertNull(refusal.type());
    }

    @Test
    void anythingButAnOpenAiErrorGetsTheProxysWording() {
        for (String body : new String[] {"", "<html>401</html>", "{\"detail\":\"no\"}", "{\"error\":\"no\"}",
                "{\"error\":{\"message\":\"  \"}}", "{\"error\":{\"message\":1e99999999999}}", "[".repeat(5000)}) {
            assertEquals(FALLBACK, of(body, true).message(), body);
        }
    }

    @Test
    void textIsBoundedAndFreeOfControlCharacters() {
        GatewayRefusal refusal = of("{\"error\":{\"message\":\"line\\r\\nX-Injected: 1" + "a".repeat(2000) + "\"}}", true);
        assertFalse(refusal.message().contains("\r") || refusal.message().contains("\n"), refusal.message());
        assertTrue(refusal.message().length() <= 515, "length " + refusal.message().length());
    }

    @Test
    void onlyCredentialStatusesAreRefusals() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayRefusal(500, "x", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new TransportException(TransportFailure.CREDENTIAL_REFUSED,
                DOMAIN, null, "HTTP 401", null, null));
    }
}
