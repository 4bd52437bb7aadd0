package dev.verifiedproxy.verify;

import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real resource class, called directly (no server): the HTTP contract of architecture.md §4. */
class SignatureResourceTest {

    private static final String A = "nearai/docs_chat_vector_A_qwen35_direct_stream_3part_2026-06/";
    private static final String C = "nearai/docs_chat_vector_C_llama_2025-11_INCONSISTENT/";

    private final SignatureResource resource = new SignatureResource();

    SignatureResourceTest() {
        resource.config = ProxyConfig.load(List.of());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private JsonObject post(String body) {
        return json(resource.verify(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String withBodies(String dir, boolean request) {
        var body = Json.createObjectBuilder(json(Samples.text(dir + "signature_response.json")));
        if (request) {
            body.add("request_body", Samples.text(dir + "request_body.json"));
        }
        return body.add("response_body", Samples.text(dir + "response_body.sse")).build().toString();
    }

    @Test
    void vectorAIsValidWithBothHashes() {
        JsonObject answer = post(withBodies(A, true));
        assertTrue(answer.getBoolean("valid"), answer.toString());
        assertEquals("0x6525e128afcffebf7eed05d485d7be983cdae934", answer.getString("recoveredAddress"));
        assertTrue(answer.getBoolean("requestHashMatches"));
        assertTrue(answer.getBoolean("responseHashMatches"));
        assertTrue(answer.isNull("error"));
        assertEquals("ecdsa", answer.getString("signingAlgo"));
        assertEquals("model", answer.getString("signedBy"));
        assertEquals("Qwen/Qwen3.5-122B-A10B", answer.getString("model"));
    }

    @Test
    void hashesNotGivenAreNull() {
        JsonObject answer = post(Samples.text(A + "signature_response.json"));
        assertTrue(answer.getBoolean("valid"));
        assertEquals(JsonValue.NULL, answer.get("requestHashMatches"));
        assertEquals(JsonValue.NULL, answer.get("responseHashMatches"));
    }

    @Test
    void vectorCIsAnsweredWithValidFalse() {
        JsonObject answer = post(withBodies(C, false));
        assertFalse(answer.getBoolean("valid"));
        assertEquals("address_mismatch", answer.getString("reason"));
        assertTrue(answer.getString("recoveredAddress").startsWith("0x7d5a2039"));
        assertTrue(answer.getBoolean("responseHashMatches"));
        assertEquals(JsonValue.NULL, answer.get("requestHashMatches"));
        assertFalse(answer.getString("error").isBlank());
    }

    @Test
    void malformedInputIs400NamingTheField() {
        assertBadRequest("{\"signature\":\"0x00\"}", "text");
        assertBadRequest(Samples.text(A + "signature_response.json").replace("0xed381e", "0xzz381e"), "signature");
        assertBadRequest("{\"text\":\"a:b\",\"signature\":\"" + "11".repeat(64) + "\",\"signing_address\":\""
                + "ab".repeat(32) + "\"}", "text");
        String notAString = json(Samples.text(A + "signature_response.json")).toString().replaceFirst("\\}$",
                ",\"response_body\":42}");
        assertBadRequest(notAString, "response_body");
    }

    @Test
    void bodiesThatAreNotJsonObjectsAre400() {
        assertEquals(400, assertThrows(ApiException.class, () -> post("not json")).error().status());
        assertEquals(400, assertThrows(ApiException.class, () -> post("[]")).error().status());
    }

    private void assertBadRequest(String body, String param) {
        ApiException e = assertThrows(ApiException.class, () -> post(body));
        assertEquals(400, e.error().status());
        assertEquals(param, e.error().param(), e.getMessage());
    }
}
