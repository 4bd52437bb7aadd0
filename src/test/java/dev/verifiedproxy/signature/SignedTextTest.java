package dev.verifiedproxy.signature;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SignedTextTest {

    private static final String REQ = "2974f24b2a687856d2a0cf08d813902965c25e6552ba7062e4fa303432b6d2ad";
    private static final String RESP = "8cb30eef9d133bdc6bfe812772dc4a62336d2827caea843546cbeff3f004c42c";

    @Test
    void threePartTextCarriesTheModel() {
        SignedText text = SignedText.parse("Qwen/Qwen3.5-122B-A10B:" + REQ + ":" + RESP);
        assertEquals(SignedText.Format.MODEL_REQUEST_RESPONSE, text.format());
        assertEquals(Optional.of("Qwen/Qwen3.5-122B-A10B"), text.model());
        assertEquals(REQ, text.requestHash());
        assertEquals(RESP, text.responseHash());
    }

    @Test
    void modelNamesMayContainColonsBecauseTheTextIsSplitFromTheRight() {
        SignedText text = SignedText.parse("org/model:v2:fp8:" + REQ + ":" + RESP);
        assertEquals(Optional.of("org/model:v2:fp8"), text.model());
        assertEquals(REQ, text.requestHash());
    }

    @Test
    void legacyAndGatewayTextsHaveTwoParts() {
        SignedText text = SignedText.parse(REQ + ":" + RESP);
        assertEquals(SignedText.Format.REQUEST_RESPONSE, text.format());
        assertEquals(Optional.empty(), text.model());
    }

    @Test
    void hashesAreCompared_inLowerCase() {
        assertEquals(REQ, SignedText.parse(REQ.toUpperCase() + ":" + RESP).requestHash());
    }

    @Test
    void aTextWithoutTwoHashesIsMalformed() {
        assertEquals(SignatureInputError.MALFORMED_TEXT, reason(REQ + RESP));
        assertEquals(SignatureInputError.MALFORMED_TEXT, reason(":" + REQ + ":" + RESP));
        assertEquals(SignatureInputError.MALFORMED_HASH, reason(REQ + ":" + RESP.substring(2)));
        assertEquals(SignatureInputError.MALFORMED_HASH, reason(REQ.replace('2', 'g') + ":" + RESP));
        assertEquals(SignatureInputError.MALFORMED_HASH, reason("model:" + REQ + ":"));
    }

    private static SignatureInputError reason(String text) {
        SignatureInputException e = assertThrows(SignatureInputException.class, () -> SignedText.parse(text));
        assertEquals("text", e.field());
        return e.reason();
    }
}
