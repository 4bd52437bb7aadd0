package dev.verifiedproxy.proxy;

import dev.verifiedproxy.chatcheck.ChatCheckStatus;
import dev.verifiedproxy.e2ee.E2eeFailure;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.BackendAttestor;
import dev.verifiedproxy.transport.TransportTestSupport;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy's transparent E2EE through {@link ProxyService}: the application sends and receives
 * plaintext, the simulated CVM (NEAR's server side) sees only ciphertext on the wire, encrypted to
 * the model key of the attestation of the connection that carried it.
 */
class E2eeProxyTest extends ProxyBedTest {

    private static final String PROMPT = "The launch code is 0000, keep it between us.";
    private ProxyTestBed start(String algo, String mode, String... more) {
        Map<String, String> settings = settings(more);
        settings.putAll(Map.of("VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", algo, "VERIFIEDPROXY_E2EE_MODE", mode));
        return start(settings);
    }

    /** The concatenated {@code delta.content} of an SSE answer, refusing error events. */
    private static String deltas(String stream) {
        StringBuilder text = new StringBuilder();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                JsonObject chunk = ProxyTestBed.json(line.substring(6));
                assertFalse(chunk.containsKey("error"), line);
                text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
            }
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0} {1} stream={2}")
    @CsvSource({"ed25519, v2, false", "ed25519, v2, true", "ed25519, v1, false", "ed25519, v1, true",
            "ecdsa, v1, false", "ecdsa, v2, true"})
    void theApplicationSeesPlaintextTheWireCarriesCiphertextAndTheSignatureCoversIt(String algo, String mode,
                                                                                       boolean stream) throws Exception {
        start(algo, mode, "VERIFIEDPROXY_SIGNATURES_VERIFY", "on", "VERIFIEDPROXY_SIGNATURES_RETRY_BACKOFF", "50ms");
        Response response = bed.proxy.forward(ProxyTestBed.chat(PROMPT, stream));
        assertEquals(200, response.getStatus());
        String body = ProxyTestBed.entity(response);
        if (stream) {
            assertEquals("token0token1token2", deltas(body));
            assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        } else {
            assertEquals("Hello from a simulated TEE. You said: " + PROMPT, ProxyTestBed.json(body)
                    .getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));
        }
        boolean v2 = algo.equals("ed25519") && mode.equals("v2");
        assertEquals(algo + (v2 ? "/v2" : "/v1"), response.getHeaderString(ProxyHeaders.E2EE));

        assertEquals(PROMPT, bed.backend.lastPrompt(), "the model read the prompt after decrypting it");
        String wire = new String(bed.backend.lastChatBody(), StandardCharsets.UTF_8);
        assertFalse(wire.contains("launch code"), "the prompt never crossed the wire in the clear: " + wire);
        Map<String, String> headers = bed.backend.lastChatHeaders();
        assertEquals(algo, headers.get("x-signing-algo"));
        assertEquals(v2 ? "2" : null, headers.get("x-encryption-version"));
        assertTrue(headers.containsKey("x-client-pub-key"));
        assertFalse(headers.containsKey("x-model-pub-key"), "direct endpoints get no routing key");

        var check = bed.decided(ProxyTestBed.chatId(body), Duration.ofSeconds(20));
        assertEquals(ChatCheckStatus.VALID, check.status(), "NEAR signs the ciphertext: " + check);
        assertEquals(ProxyTestBed.sha256(wire), check.requestSha256(), "the request hash is over the bytes sent");
    }

    @Test
    void theClientOptsInPerRequestAndItsOwnE2eeHeadersAreReplaced() throws Exception {
        start("ed25519", "off");
        String body = ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat(PROMPT, false,
                Map.entry(ProxyHeaders.E2EE, "v2"), Map.entry("X-Signing-Algo", "ecdsa"),
                Map.entry("X-Client-Pub-Key", "00"), Map.entry("X-Model-Pub-Key", "11"))));
        assertTrue(body.contains("You said: " + PROMPT), body);
        assertEquals("ed25519", bed.backend.lastChatHeaders().get("x-signing-algo"));
        assertEquals(64, bed.backend.lastChatHeaders().get("x-client-pub-key").length());
        assertFalse(bed.backend.lastChatHeaders().containsKey("x-model-pub-key"));
        assertFalse(bed.backend.lastChatHeaders().containsKey("x-verified-proxy-e2ee"));

        ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat(PROMPT, false)));
        assertTrue(new String(bed.backend.lastChatBody(), StandardCharsets.UTF_8).contains(PROMPT),
                "without the header and with the mode off, nothing is encrypted");
    }

    @Test
    void aTamperedAnswerIsRefusedNamingTheField() throws Exception {
        start("ed25519", "v2");
        bed.backend.misbehave(Misbehaviour.E2EE_TAMPERED_CIPHERTEXT);
        ApiException json = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.chat(PROMPT, false)));
        assertEquals(502, json.error().status());
        assertEquals("e2ee_decryption_failed", json.error().code());
        assertTrue(json.getMessage().contains(E2eeFailure.AUTHENTICATION_FAILED.message())
                && json.getMessage().contains("choices[0].message.content"), json.getMessage());

        String stream = ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat(PROMPT, true)));
        List<String> events = new ArrayList<>(List.of(stream.split("\n\n")));
        assertEquals(1, events.size(), "the first undecryptable event ends the stream: " + stream);
        JsonObject error = ProxyTestBed.json(events.get(0).substring(6)).getJsonObject("error");
        assertEquals("e2ee_decryption_failed", error.getString("code"));
        assertTrue(error.getString("message").contains("choices[0].delta.content"), error.toString());
        assertFalse(stream.contains("[DONE]"));
    }

    @Test
    void anOverlongSseLineEndsTheStreamWithAnErrorEventNotA502() throws Exception {
        start("ed25519", "v2", "VERIFIEDPROXY_E2EE_MAX_RESPONSE_BYTES", "1KiB");
        // The tool call chunk echoes the prompt: one SSE line far beyond 1 KiB, after two short ones.
        String prompt = "x".repeat(2000);
        String body = "{\"model\":\"" + ProxyTestBed.MODEL + "\",\"stream\":true,\"n_events\":2,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + prompt + "\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}";
        Response response = bed.proxy.forward(ProxyTestBed.post("v1/chat/completions", body));
        assertEquals(200, response.getStatus(), "the stream had started");
        String stream = ProxyTestBed.entity(response);
        List<String> events = List.of(stream.split("\n\n"));
        assertEquals(3, events.size(), stream);
        assertEquals("token0", ProxyTestBed.json(events.get(0).substring(6)).getJsonArray("choices").getJsonObject(0)
                .getJsonObject("delta").getString("content"));
        JsonObject error = ProxyTestBed.json(events.get(2).substring(6)).getJsonObject("error");
        assertEquals("e2ee_decryption_failed", error.getString("code"));
        assertTrue(error.getString("message").contains(E2eeFailure.SSE_LINE_TOO_LONG.message()), error.toString());
        assertFalse(stream.contains("[DONE]"));
    }

    @Test
    void anAnswerEncryptedToAnotherKeyIsRefused() {
        start("ecdsa", "v1");
        bed.backend.misbehave(Misbehaviour.E2EE_WRONG_KEY);
        ApiException refused = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.chat(PROMPT, false)));
        assertEquals(502, refused.error().status());
        assertEquals("e2ee_decryption_failed", refused.error().code());
        assertTrue(refused.getMessage().contains(E2eeFailure.AUTHENTICATION_FAILED.message()), refused.getMessage());
    }

    @Test
    void anUnknownVersionOrAnUnsupportedBodyIsABadRequestAndNothingIsSent() {
        start("ed25519", "off");
        ApiException version = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.chat(PROMPT, false,
                Map.entry(ProxyHeaders.E2EE, "v3"))));
        assertEquals(400, version.error().status());
        assertEquals("invalid_e2ee_mode", version.error().code());
        assertEquals(ProxyHeaders.E2EE, version.error().param());

        ApiException endpoint = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.post("v1/responses",
                "{\"model\":\"test/model-a\",\"input\":\"" + PROMPT + "\"}", Map.entry(ProxyHeaders.E2EE, "on"))));
        assertEquals("e2ee_unsupported_endpoint", endpoint.error().code());
        ApiException notJson = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.post(
                "v1/chat/completions", "[\"model\", \"test/model-a\"]", Map.entry(ProxyHeaders.E2EE, "on"),
                Map.entry("X-Backend-Domain", ProxyTestBed.DOMAIN))));
        assertEquals("e2ee_invalid_body", notJson.error().code());
        assertEquals(0, bed.backend.otherRequests(), "nothing reached the backend");
    }

    @Test
    void anEnforcedModeRefusesAnOptOutUnlessAllowed() throws Exception {
        start("ed25519", "v2");
        ApiException refused = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.chat(PROMPT, false,
                Map.entry(ProxyHeaders.E2EE, "off"))));
        assertEquals(400, refused.error().status());
        assertEquals("e2ee_opt_out_refused", refused.error().code());
        start("ed25519", "v2", "VERIFIEDPROXY_E2EE_ALLOW_OPT_OUT", "true");
        Response response = bed.proxy.forward(ProxyTestBed.chat(PROMPT, false, Map.entry(ProxyHeaders.E2EE, "off")));
        ProxyTestBed.entity(response);
        assertNull(response.getHeaderString(ProxyHeaders.E2EE));
        assertTrue(new String(bed.backend.lastChatBody(), StandardCharsets.UTF_8).contains(PROMPT));
    }

    @Test
    void e2eeRefusesToStartWithoutAVerifiedModelKey() {
        BackendAttestor binding = TransportTestSupport.bindingOnlyAttestor();
        BackendAttestor withoutKey = request -> {
            AttestationOutcome outcome = binding.attest(request);
            return new AttestationOutcome(outcome.verified(), outcome.failedCheck(), outcome.detail(),
                    outcome.validUntil(), outcome.tcbStatus(), outcome.signingAddress(), null, outcome.modelName(),
                    outcome.evidenceId());
        };
        start(SimulatedTeeBackend.Shape.DIRECT, 1, Map.of("VERIFIEDPROXY_E2EE_MODE", "v2",
                "VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", "ed25519"), withoutKey);
        ApiException refused = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.chat(PROMPT, false)));
        assertEquals(502, refused.error().status());
        assertEquals("e2ee_no_model_key", refused.error().code());
        assertTrue(refused.getMessage().contains(ProxyTestBed.DOMAIN), refused.getMessage());
        assertEquals(1, bed.backend.attestationRequests(), "the backend was attested");
        assertEquals(0, bed.backend.otherRequests(), "and the request was not sent");
    }

    @Test
    void inGatewayModeTheModelKeyRoutesTheRequest() throws Exception {
        start(SimulatedTeeBackend.Shape.GATEWAY, 1, Map.of("VERIFIEDPROXY_E2EE_MODE", "v2",
                "VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", "ed25519"), TransportTestSupport.bindingOnlyAttestor());
        String body = ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat(PROMPT, false)));
        assertTrue(body.contains("You said: " + PROMPT), body);
        assertEquals(bed.backend.signingKeys().signingPublicKey(SigningAlgo.ED25519),
                bed.backend.lastChatHeaders().get("x-model-pub-key"), "encrypted to the attested model key, not the gateway's");
    }
}
