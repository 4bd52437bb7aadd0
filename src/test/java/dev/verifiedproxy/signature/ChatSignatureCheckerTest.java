package dev.verifiedproxy.signature;

import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.signature.TeeSigningKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatSignatureCheckerTest {

    private static final String A = "nearai/docs_chat_vector_A_qwen35_direct_stream_3part_2026-06/";
    private static final String C = "nearai/docs_chat_vector_C_llama_2025-11_INCONSISTENT/";
    private static final ChatSignatureChecker CHECKER = new ChatSignatureChecker();

    private static ChatSignature signature(String dir) {
        return ChatSignature.fromJson(Json.createReader(new StringReader(Samples.text(dir + "signature_response.json")))
                .readObject());
    }

    @Test
    void vectorAPasses() {
        ChatSignature sig = signature(A);
        ChatSignatureVerdict verdict = CHECKER.checkBodies(sig, sig.signingAddress(),
                Optional.of(Samples.bytes(A + "request_body.json")), Optional.of(Samples.bytes(A + "response_body.sse")));
        assertTrue(verdict.valid(), verdict.error().orElse(""));
        assertEquals(Optional.of("0x6525e128afcffebf7eed05d485d7be983cdae934"), verdict.recoveredSigner());
        assertEquals(HashCheck.MATCH, verdict.requestHash());
        assertEquals(HashCheck.MATCH, verdict.responseHash());
        assertEquals(Optional.of("Qwen/Qwen3.5-122B-A10B"), verdict.text().model());
        assertEquals(Optional.empty(), verdict.failure());
    }

    @Test
    void vectorAWithoutBodiesChecksOnlyTheSignature() {
        ChatSignature sig = signature(A);
        ChatSignatureVerdict verdict = CHECKER.check(sig, sig.signingAddress(), Optional.empty(), Optional.empty());
        assertTrue(verdict.valid());
        assertEquals(HashCheck.NOT_CHECKED, verdict.requestHash());
        assertEquals(HashCheck.NOT_CHECKED, verdict.responseHash());
    }

    @Test
    void vectorAWithAlteredResponseFailsOnTheResponseHash() {
        ChatSignature sig = signature(A);
        String altered = Samples.text(A + "response_body.sse").replace("Under", "Over");
        ChatSignatureVerdict verdict = CHECKER.checkBodies(sig, sig.signingAddress(), Optional.empty(),
                Optional.of(altered.getBytes(StandardCharsets.UTF_8)));
        assertFalse(verdict.valid());
        assertEquals(Optional.of(SignatureFailure.RESPONSE_HASH_MISMATCH), verdict.failure());
        assertEquals(HashCheck.MISMATCH, verdict.responseHash());
    }

    @Test
    void vectorAFromAnotherSignerFailsOnTheAddress() {
        ChatSignature sig = signature(A);
        ChatSignatureVerdict verdict = CHECKER.check(sig, "0x" + "00".repeat(20), Optional.empty(), Optional.empty());
        assertFalse(verdict.valid());
        assertEquals(Optional.of(SignatureFailure.ADDRESS_MISMATCH), verdict.failure());
    }

    @Test
    void vectorCFailsBecauseItRecoversToAnotherAddress() {
        ChatSignature sig = signature(C);
        assertEquals(SigningAlgo.ECDSA, sig.algo()); // no signing_algo in the document: read off the address
        ChatSignatureVerdict verdict = CHECKER.checkBodies(sig, sig.signingAddress(), Optional.empty(),
                Optional.of(Samples.bytes(C + "response_body.sse")));
        assertFalse(verdict.valid());
        assertEquals(Optional.of(SignatureFailure.ADDRESS_MISMATCH), verdict.failure());
        assertTrue(verdict.recoveredSigner().orElseThrow().startsWith("0x7d5a2039"), verdict.recoveredSigner().toString());
        assertEquals(HashCheck.MATCH, verdict.responseHash());
        assertTrue(verdict.error().orElseThrow().contains(sig.signingAddress()));
    }

    @Test
    void ed25519ThreePartSignaturesVerify() {
        TeeSigningKeys keys = TeeSigningKeys.deterministic();
        byte[] request = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        byte[] response = "data: {}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
        String text = "org/model:" + ExactBytesHash.sha256Hex(request) + ":" + ExactBytesHash.sha256Hex(response);
        ChatSignature sig = ChatSignature.fromJson(keys.signatureJson(SigningAlgo.ED25519, text, Optional.empty()));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", sig.signingAddress());
        ChatSignatureVerdict verdict = CHECKER.checkBodies(sig, sig.signingAddress(), Optional.of(request),
                Optional.of(response));
        assertTrue(verdict.valid(), verdict.error().orElse(""));
        assertEquals(Optional.of(sig.signingAddress()), verdict.recoveredSigner());

        ChatSignatureVerdict otherKey = CHECKER.check(sig, TeeSigningKeys.fromSeed(7).signingAddress(SigningAlgo.ED25519),
                Optional.empty(), Optional.empty());
        assertEquals(Optional.of(SignatureFailure.BAD_SIGNATURE), otherKey.failure());
        assertEquals(Optional.empty(), otherKey.recoveredSigner());
    }

    @Test
    void gatewaySignedTwoPartTextsVerifyAgainstTheGatewayKey() {
        TeeSigningKeys gateway = TeeSigningKeys.fromSeed(3);
        TeeSigningKeys model = TeeSigningKeys.deterministic();
        String text = ExactBytesHash.sha256Hex(new byte[] {1}) + ":" + ExactBytesHash.sha256Hex(new byte[] {2});
        JsonObject json = gateway.signatureJson(SigningAlgo.ECDSA, text, Optional.of(SignatureKind.GATEWAY));
        ChatSignature sig = ChatSignature.fromJson(json);
        assertTrue(sig.gatewaySigned());
        assertEquals(SignedText.Format.REQUEST_RESPONSE, SignedText.parse(sig.text()).format());
        assertTrue(CHECKER.checkBodies(sig, gateway.signingAddress(SigningAlgo.ECDSA), Optional.of(new byte[] {1}),
                Optional.of(new byte[] {2})).valid());
        // The same document checked against the model's attested address is not valid.
        assertEquals(Optional.of(SignatureFailure.ADDRESS_MISMATCH), CHECKER.check(sig,
                model.signingAddress(SigningAlgo.ECDSA), Optional.empty(), Optional.empty()).failure());
    }

    @Test
    void aRequestHashMismatchIsReported() {
        ChatSignature sig = signature(A);
        ChatSignatureVerdict verdict = CHECKER.checkBodies(sig, sig.signingAddress(), Optional.of("{}".getBytes()),
                Optional.of(Samples.bytes(A + "response_body.sse")));
        assertFalse(verdict.valid());
        assertEquals(Optional.of(SignatureFailure.REQUEST_HASH_MISMATCH), verdict.failure());
        assertEquals(HashCheck.MATCH, verdict.responseHash());
    }
}
