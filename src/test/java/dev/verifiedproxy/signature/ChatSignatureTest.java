package dev.verifiedproxy.signature;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatSignatureTest {

    static final String TEXT = "2974f24b2a687856d2a0cf08d813902965c25e6552ba7062e4fa303432b6d2ad:"
            + "8cb30eef9d133bdc6bfe812772dc4a62336d2827caea843546cbeff3f004c42c";
    static final String ECDSA_SIG = "0x" + "11".repeat(64) + "1b";
    static final String ED_SIG = "22".repeat(64);
    static final String ED_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject doc(String signature, String address, String algo) {
        var builder = Json.createObjectBuilder().add("text", TEXT).add("signature", signature)
                .add("signing_address", address);
        if (algo != null) {
            builder.add("signing_algo", algo);
        }
        return builder.build();
    }

    @Test
    void readsNearsJsonAndNormalizesTheAddress() {
        ChatSignature sig = ChatSignature.fromJson(doc(ECDSA_SIG, "0x1d58EE32e9eB327c074294A2b8320C47E33b9316", "ECDSA"));
        assertEquals(SigningAlgo.ECDSA, sig.algo());
        assertEquals("0x1d58ee32e9eb327c074294a2b8320c47e33b9316", sig.signingAddress());
        assertEquals(Optional.empty(), sig.kind());
        assertFalse(sig.gatewaySigned());
    }

    @Test
    void aMissingAlgorithmIsReadOffTheAddress() {
        assertEquals(SigningAlgo.ECDSA, ChatSignature.fromJson(doc(ECDSA_SIG, "0x" + "ab".repeat(20), null)).algo());
        assertEquals(SigningAlgo.ED25519, ChatSignature.fromJson(doc(ED_SIG, ED_KEY, null)).algo());
    }

    @Test
    void gatewayKindIsRecognised() {
        JsonObject json = Json.createObjectBuilder(doc(ED_SIG, ED_KEY, "ed25519")).add("signature_kind", "gateway").build();
        assertTrue(ChatSignature.fromJson(json).gatewaySigned());
        JsonObject provider = Json.createObjectBuilder(json).add("signature_kind", "provider_tee").build();
        assertEquals(Optional.of(SignatureKind.PROVIDER_TEE), ChatSignature.fromJson(provider).kind());
    }

    @Test
    void malformedDocumentsNameTheField() {
        assertInput(SignatureInputError.MISSING_FIELD, "text", json("{\"signature\":\"00\",\"signing_address\":\"x\"}"));
        assertInput(SignatureInputError.NOT_A_STRING, "text", json("{\"text\":5}"));
        assertInput(SignatureInputError.UNKNOWN_ALGORITHM, "signing_algo", doc(ECDSA_SIG, "0x" + "ab".repeat(20), "rsa"));
        assertInput(SignatureInputError.MALFORMED_ADDRESS, "signing_address", doc(ECDSA_SIG, "0x1234", "ecdsa"));
        assertInput(SignatureInputError.MALFORMED_ADDRESS, "signing_address", doc(ED_SIG, ED_KEY + "00", "ed25519"));
        assertInput(SignatureInputError.MALFORMED_SIGNATURE, "signature", doc("0x" + "11".repeat(64), "0x" + "ab".repeat(20), "ecdsa"));
        assertInput(SignatureInputError.MALFORMED_SIGNATURE, "signature", doc("zz".repeat(65), "0x" + "ab".repeat(20), "ecdsa"));
        assertInput(SignatureInputError.MALFORMED_SIGNATURE, "signature", doc(ECDSA_SIG, ED_KEY, "ed25519"));
        assertInput(SignatureInputError.MISSING_FIELD, "signing_algo", doc(ED_SIG, "abcd", null));
        assertInput(SignatureInputError.UNKNOWN_KIND, "signature_kind",
                Json.createObjectBuilder(doc(ED_SIG, ED_KEY, "ed25519")).add("signature_kind", "oracle").build());
    }

    @Test
    void gatewayErrorBodiesAreNoSignature() {
        assertInput(SignatureInputError.NO_SIGNATURE, "error_code",
                json("{\"error_code\":\"STREAM_DISCONNECTED\",\"message\":\"client went away\"}"));
    }

    private static void assertInput(SignatureInputError reason, String field, JsonObject json) {
        SignatureInputException e = assertThrows(SignatureInputException.class, () -> ChatSignature.fromJson(json));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(field, e.field());
    }
}
