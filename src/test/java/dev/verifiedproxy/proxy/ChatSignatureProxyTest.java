package dev.verifiedproxy.proxy;

import dev.verifiedproxy.chatcheck.ChatCheckFailure;
import dev.verifiedproxy.chatcheck.ChatCheckResult;
import dev.verifiedproxy.chatcheck.ChatCheckStatus;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.signature.ChatSignatureVerdict;
import dev.verifiedproxy.signature.HashCheck;
import dev.verifiedproxy.signature.SignatureFailure;
import dev.verifiedproxy.signature.SignatureKind;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import dev.verifiedproxy.transport.TransportTestSupport;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic signature checks through {@link ProxyService}: the proxy hashes what it relayed,
 * fetches the signature from the CVM that answered once the answer has ended, and checks it
 * against the attested signer and model.
 */
class ChatSignatureProxyTest extends ProxyBedTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static Map<String, String> checksOn(String algo, String... more) {
        Map<String, String> settings = settings(more);
        settings.putAll(Map.of("VERIFIEDPROXY_SIGNATURES_VERIFY", "on", "VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", algo));
        settings.putIfAbsent("VERIFIEDPROXY_SIGNATURES_RETRY_BACKOFF", "50ms");
        return settings;
    }

    @ParameterizedTest
    @EnumSource(SigningAlgo.class)
    void aValidJsonAnswerIsRecordedValid(SigningAlgo algo) throws Exception {
        start(checksOn(algo.wireName()));
        Response response = bed.proxy.forward(ProxyTestBed.chat("hello", false));
        assertEquals("pending", response.getHeaderString(ProxyHeaders.SIGNATURE));
        String id = ProxyTestBed.chatId(ProxyTestBed.entity(response));

        ChatCheckResult result = bed.decided(id, WITHIN);
        assertEquals(ChatCheckStatus.VALID, result.status(), result.toString());
        ChatSignatureVerdict verdict = result.verdict().orElseThrow();
        assertEquals(algo, verdict.algo());
        assertEquals(bed.backend.signingKeys().signingAddress(algo).toLowerCase(), verdict.expectedSigner(),
                "checked against the attested signer");
        assertEquals(HashCheck.MATCH, verdict.requestHash());
        assertEquals(HashCheck.MATCH, verdict.responseHash());
        assertEquals(Optional.of(ProxyTestBed.MODEL), verdict.text().model());
        assertEquals(Optional.of(ProxyTestBed.MODEL), result.attestedModel());
        assertEquals(Hex.toHexString(bed.backend.spki(0)), result.spki());
        assertEquals(1, result.attempts());
    }

    @Test
    void aValidStreamedAnswerIsRecordedValidWhenTheClientAsksForTheCheck() throws Exception {
        start(Map.of("VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", "ed25519"));
        Response unchecked = bed.proxy.forward(ProxyTestBed.chat("hello", true));
        assertNull(unchecked.getHeaderString(ProxyHeaders.SIGNATURE), "checks are off by configuration");
        String uncheckedId = ProxyTestBed.chatId(ProxyTestBed.entity(unchecked));

        Response response = bed.proxy.forward(ProxyTestBed.chat("hello", true,
                Map.entry(ProxyHeaders.VERIFY_SIGNATURE, "true")));
        String stream = ProxyTestBed.entity(response);
        assertTrue(stream.endsWith("data: [DONE]\n\n"), stream);
        ChatCheckResult result = bed.decided(ProxyTestBed.chatId(stream), WITHIN);
        assertEquals(ChatCheckStatus.VALID, result.status(), result.toString());
        assertEquals(ProxyTestBed.sha256(stream), result.responseSha256(), "the hash covers every byte of the stream");
        assertEquals(Optional.empty(), bed.verifier.result(uncheckedId));
        assertFalse(bed.backend.lastChatHeaders().containsKey("x-verified-proxy-verify-signature"),
                "the proxy's own headers are not forwarded");
    }

    /** The impostor's own signing_address in the document is not trusted: the attested one is expected. */
    @ParameterizedTest
    @CsvSource({"ecdsa, true, ADDRESS_MISMATCH", "ed25519, false, BAD_SIGNATURE"})
    void aSignatureByAnotherKeyIsRecordedInvalidWithTheReason(String algo, boolean stream, SignatureFailure reason)
            throws Exception {
        start(checksOn(algo));
        bed.backend.misbehave(Misbehaviour.WRONG_SIGNATURE);
        String id = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("hello", stream))));
        ChatCheckResult result = bed.decided(id, WITHIN);
        assertEquals(ChatCheckStatus.INVALID, result.status());
        assertEquals(Optional.of(ChatCheckFailure.SIGNATURE_INVALID), result.failure());
        assertEquals(Optional.of(reason), result.verdict().orElseThrow().failure());
    }

    @Test
    void aSignatureForAnotherModelIsRecordedInvalid() throws Exception {
        start(checksOn("ecdsa"));
        bed.backend.misbehave(Misbehaviour.WRONG_SIGNED_MODEL);
        String id = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("hello", false))));
        ChatCheckResult result = bed.decided(id, WITHIN);
        assertEquals(ChatCheckStatus.INVALID, result.status());
        assertEquals(Optional.of(ChatCheckFailure.MODEL_MISMATCH), result.failure());
        assertTrue(result.verdict().orElseThrow().valid(), "the signature itself is the attested key's");
    }

    @Test
    void theSignatureIsFetchedFromTheCvmThatAnsweredWhenTwoShareTheName() throws Exception {
        // No idle connections: the fetch must open new ones until it reaches the CVM holding the signature.
        start(SimulatedTeeBackend.Shape.DIRECT, 2,
                checksOn("ecdsa", "VERIFIEDPROXY_POOL_MAX_IDLE_PER_DOMAIN", "0"), TransportTestSupport.bindingOnlyAttestor());
        Response response = bed.proxy.forward(ProxyTestBed.chat("hello", false));
        int served = response.getHeaderString(ProxyHeaders.SPKI).equals(Hex.toHexString(bed.backend.spki(0))) ? 0 : 1;
        String id = ProxyTestBed.chatId(ProxyTestBed.entity(response));
        ChatCheckResult result = bed.decided(id, WITHIN);
        assertEquals(ChatCheckStatus.VALID, result.status(), result.toString());
        assertEquals(1, bed.backend.signatureRequests(served));
        assertEquals(0, bed.backend.signatureRequests(1 - served), "never asked the CVM that did not answer");
        assertTrue(bed.backend.connections() >= 3, "a connection to the other CVM was opened and passed over");
    }

    @Test
    void theAnswerIsNotDelayedTheCheckRunsAfterTheStreamHasEnded() throws Exception {
        start(checksOn("ecdsa", "VERIFIEDPROXY_SIGNATURES_FETCH_ATTEMPTS", "8",
                "VERIFIEDPROXY_SIGNATURES_RETRY_BACKOFF", "100ms"));
        bed.backend.signatureDelay(Duration.ofMillis(1500)).eventInterval(Duration.ofMillis(100));
        Response response = bed.proxy.forward(ProxyTestBed.chat("hello", true));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream client = new OutputStream() {
            @Override
            public void write(int b) {
                received.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                received.write(b, off, len);
            }

            @Override
            public void flush() {
                assertEquals(0, bed.backend.signatureRequests(0), "no signature is asked for while the answer streams");
            }
        };
        long start = System.nanoTime();
        ((StreamingOutput) response.getEntity()).write(client);
        Duration streaming = Duration.ofNanos(System.nanoTime() - start);
        String id = ProxyTestBed.chatId(received.toString(StandardCharsets.UTF_8));
        assertTrue(streaming.compareTo(Duration.ofMillis(1200)) < 0, "the stream took " + streaming);
        assertEquals(ChatCheckStatus.PENDING, bed.verifier.result(id).orElseThrow().status());

        ChatCheckResult result = bed.decided(id, WITHIN);
        assertEquals(ChatCheckStatus.VALID, result.status(), result.toString());
        assertTrue(result.attempts() > 1, "the signature was stored only later: retried on 404");
        assertTrue(result.checkedAt().orElseThrow().isAfter(result.answeredAt()));
    }

    @Test
    void underLoadAnAnswerIsRecordedAsNotCheckedInsteadOfQueued() throws Exception {
        start(checksOn("ecdsa", "VERIFIEDPROXY_SIGNATURES_MAX_PENDING", "1", "VERIFIEDPROXY_SIGNATURES_FETCH_ATTEMPTS",
                "3", "VERIFIEDPROXY_SIGNATURES_RETRY_BACKOFF", "2s"));
        bed.backend.signatureDelay(Duration.ofHours(1));
        String first = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("one", false))));
        String second = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("two", false))));
        assertEquals(ChatCheckStatus.PENDING, bed.verifier.result(first).orElseThrow().status());
        ChatCheckResult overloaded = bed.verifier.result(second).orElseThrow();
        assertEquals(ChatCheckStatus.UNVERIFIED, overloaded.status());
        assertEquals(Optional.of(ChatCheckFailure.OVERLOADED), overloaded.failure());
        assertEquals(1, bed.verifier.overloaded());
    }

    @Test
    void aSignatureThatNeverAppearsIsRecordedNotFoundAfterBoundedTries() throws Exception {
        start(checksOn("ecdsa", "VERIFIEDPROXY_SIGNATURES_FETCH_ATTEMPTS", "3", "VERIFIEDPROXY_SIGNATURES_RETRY_BACKOFF",
                "10ms"));
        bed.backend.signatureDelay(Duration.ofHours(1));
        String id = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("hello", false))));
        ChatCheckResult result = bed.decided(id, WITHIN);
        assertEquals(ChatCheckStatus.UNVERIFIED, result.status());
        assertEquals(Optional.of(ChatCheckFailure.SIGNATURE_NOT_FOUND), result.failure());
        assertEquals(3, result.attempts());
        assertEquals(3, bed.backend.signatureRequests(0));
        assertEquals(0, bed.verifier.pending());
    }

    @Test
    void aBrokenStreamIsRecordedIncompleteWithoutAskingForASignature() throws Exception {
        start(checksOn("ecdsa"));
        String stream = ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.post("v1/chat/completions",
                "{\"model\":\"test/model-a\",\"stream\":true,\"n_events\":6,\"abort_midway\":true}")));
        assertTrue(stream.contains("upstream_stream_interrupted"), stream);
        ChatCheckResult result = bed.verifier.result(ProxyTestBed.chatId(stream)).orElseThrow();
        assertEquals(Optional.of(ChatCheckFailure.RESPONSE_INCOMPLETE), result.failure());
        assertEquals(0, bed.backend.signatureRequests(0));
    }

    @Test
    void theClientMayOptOutPerRequestButNotWithNonsense() throws Exception {
        start(checksOn("ecdsa"));
        Response response = bed.proxy.forward(ProxyTestBed.chat("hello", false,
                Map.entry(ProxyHeaders.VERIFY_SIGNATURE, "false")));
        assertNull(response.getHeaderString(ProxyHeaders.SIGNATURE));
        String id = ProxyTestBed.chatId(ProxyTestBed.entity(response));
        assertEquals(Optional.empty(), bed.verifier.result(id));

        ApiException bad = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.chat("hello", false,
                Map.entry(ProxyHeaders.VERIFY_SIGNATURE, "maybe"))));
        assertEquals(400, bad.error().status());
        assertEquals("invalid_verify_signature", bad.error().code());
    }

    @Test
    void inGatewayModeGatewaySignedTextsAreCheckedAgainstTheAttestedGatewayAddress() throws Exception {
        start(SimulatedTeeBackend.Shape.GATEWAY, 1, checksOn("ecdsa"),
                TransportTestSupport.bindingOnlyAttestor());
        String providerSigned = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("a", true))));
        ChatCheckResult model = bed.decided(providerSigned, WITHIN);
        assertEquals(ChatCheckStatus.VALID, model.status(), model.toString());
        assertEquals(Optional.of(SignatureKind.PROVIDER_TEE), model.verdict().orElseThrow().kind());
        assertEquals(bed.backend.signingKeys().signingAddress(SigningAlgo.ECDSA), model.verdict().orElseThrow().expectedSigner());

        bed.backend.gatewaySigned(true);
        String gatewaySigned = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("b", true))));
        ChatCheckResult gateway = bed.decided(gatewaySigned, WITHIN);
        assertEquals(ChatCheckStatus.VALID, gateway.status(), gateway.toString());
        assertEquals(Optional.of(SignatureKind.GATEWAY), gateway.verdict().orElseThrow().kind());
        assertEquals(bed.backend.gatewaySigningKeys().signingAddress(SigningAlgo.ECDSA),
                gateway.verdict().orElseThrow().expectedSigner());
        assertEquals(Optional.empty(), gateway.verdict().orElseThrow().text().model(), "two-part text");

        bed.backend.misbehave(Misbehaviour.WRONG_SIGNATURE);
        String forged = ProxyTestBed.chatId(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.chat("c", false))));
        assertEquals(Optional.of(SignatureFailure.ADDRESS_MISMATCH),
                bed.decided(forged, WITHIN).verdict().orElseThrow().failure());
    }
}
