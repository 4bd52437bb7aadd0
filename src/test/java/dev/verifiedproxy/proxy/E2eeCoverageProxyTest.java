package dev.verifiedproxy.proxy;

import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend.Misbehaviour;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the proxy's E2EE covers beyond a plain chat message (protocol.md §7.6), through
 * {@link ProxyService} and the simulated CVM: bodies NEAR cannot encrypt are refused before any
 * connection; content-part arrays, completions, embeddings and, with
 * {@code encrypt-all-fields}, tool definitions, tool calls and logprobs cross the wire encrypted
 * and come back decrypted.
 */
class E2eeCoverageProxyTest extends ProxyBedTest {

    private static final String SECRET = "launch code 0000";

    private ProxyTestBed start(String algo, String mode, String... more) {
        Map<String, String> settings = settings(more);
        settings.putAll(Map.of("VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", algo, "VERIFIEDPROXY_E2EE_MODE", mode));
        return start(settings);
    }

    private static String wire(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A hex ciphertext of at least an empty v2/NaCl field (72 bytes), as NEAR's fields are. */
    private static void assertCiphertext(JsonValue value, String what) {
        assertTrue(value instanceof JsonString s && s.getString().matches("[0-9a-f]{144,}"), what + " = " + value);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unencryptable")
    void aBodyE2eeCannotCoverIsRefusedNamingThePathAndNothingIsSent(String path, String body, String param) {
        start("ed25519", "v2", "VERIFIEDPROXY_E2EE_ENCRYPT_ALL_FIELDS", "true");
        ApiException refused = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.post(path, body)));
        assertEquals(400, refused.error().status());
        assertEquals("invalid_request_error", refused.error().type());
        assertEquals("e2ee_unsupported_body", refused.error().code());
        assertEquals(param, refused.error().param());
        assertTrue(refused.error().message().contains(" at " + param), refused.error().message());
        assertEquals(0, bed.backend.attestationRequests(), "refused before any connection");
        assertEquals(0, bed.backend.otherRequests(), "the backend received nothing");
        assertEquals(0, bed.backend.connections());
    }

    static Stream<Arguments> unencryptable() {
        String model = "\"model\":\"" + ProxyTestBed.MODEL + "\",";
        return Stream.of(
                Arguments.of("v1/completions", "{" + model + "\"prompt\":[9906,11,1917]}", "prompt[0]"),
                Arguments.of("v1/completions", "{" + model + "\"prompt\":[\"a\",[9906,11]]}", "prompt[1]"),
                Arguments.of("v1/completions", "{" + model + "\"prompt\":\"def f():\",\"suffix\":\"" + SECRET + "\"}",
                        "suffix"),
                Arguments.of("v1/embeddings", "{" + model + "\"input\":[9906,11,1917]}", "input[0]"),
                Arguments.of("v1/embeddings", "{" + model + "\"input\":[[9906],[11]]}", "input[0]"),
                Arguments.of("v1/chat/completions", "{" + model + "\"messages\":[{\"role\":\"user\",\"content\":"
                        + "{\"type\":\"text\",\"text\":\"" + SECRET + "\"}}]}", "messages[0].content"),
                Arguments.of("v1/chat/completions", "{" + model + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"reasoning_content\":[\"" + SECRET + "\"]}]}",
                        "messages[1].reasoning_content"),
                Arguments.of("v1/chat/completions", "{" + model + "\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                        + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"code\":\""
                        + SECRET + "\"}}}]}]}", "messages[0].tool_calls[0].function.arguments"));
    }

    @Test
    void contentPartArraysAreEncryptedWholeAndTheModelReadsTheParts() throws Exception {
        start("ed25519", "v2");
        JsonArray parts = Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text").add("text", SECRET))
                .add(Json.createObjectBuilder().add("type", "image_url").add("image_url",
                        Json.createObjectBuilder().add("url", "data:image/png;base64,AAAA"))).build();
        JsonObject body = Json.createObjectBuilder().add("model", ProxyTestBed.MODEL).add("messages",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user").add("content", parts))).build();
        Response response = bed.proxy.forward(ProxyTestBed.post("v1/chat/completions", body.toString()));
        assertEquals(200, response.getStatus(), ProxyTestBed.entity(response));
        assertFalse(wire(bed.backend.lastRequestBody()).contains(SECRET), wire(bed.backend.lastRequestBody()));
        assertCiphertext(ProxyTestBed.json(wire(bed.backend.lastRequestBody())).getJsonArray("messages").getJsonObject(0)
                .get("content"), "the content on the wire");
        assertEquals(parts, bed.backend.lastModelRequest().getJsonArray("messages").getJsonObject(0).get("content"),
                "NEAR parses the decrypted JSON text back into the parts");
    }

    @ParameterizedTest(name = "{0} {1} stream={2}")
    @CsvSource({"ed25519, v2, false", "ed25519, v2, true", "ed25519, v1, false", "ed25519, v1, true",
            "ecdsa, v1, false", "ecdsa, v1, true"})
    void completionsAreEncryptedBothWays(String algo, String mode, boolean stream) throws Exception {
        start(algo, mode);
        String body = Json.createObjectBuilder().add("model", ProxyTestBed.MODEL).add("stream", stream)
                .add("prompt", Json.createArrayBuilder().add(SECRET).add("second prompt")).build().toString();
        Response response = bed.proxy.forward(ProxyTestBed.post("v1/completions", body));
        assertEquals(200, response.getStatus());
        assertEquals(algo + "/" + mode, response.getHeaderString(ProxyHeaders.E2EE));
        String answer = ProxyTestBed.entity(response);

        JsonObject sent = ProxyTestBed.json(wire(bed.backend.lastRequestBody()));
        assertCiphertext(sent.getJsonArray("prompt").get(0), "prompt[0] on the wire");
        assertCiphertext(sent.getJsonArray("prompt").get(1), "prompt[1] on the wire");
        assertEquals(List.of(SECRET, "second prompt"), bed.backend.lastModelRequest().getJsonArray("prompt")
                .getValuesAs(JsonString::getString));
        assertEquals(algo, bed.backend.lastRequestHeaders().get("x-signing-algo"));
        if (stream) {
            StringBuilder text = new StringBuilder();
            for (String line : answer.split("\n")) {
                if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                    text.append(ProxyTestBed.json(line.substring(6)).getJsonArray("choices").getJsonObject(0)
                            .getString("text"));
                }
            }
            assertEquals("Completed: " + SECRET, text.toString());
            assertTrue(answer.endsWith("data: [DONE]\n\n"), answer);
        } else {
            JsonArray choices = ProxyTestBed.json(answer).getJsonArray("choices");
            assertEquals("Completed: " + SECRET, choices.getJsonObject(0).getString("text"));
            assertEquals("Completed: second prompt", choices.getJsonObject(1).getString("text"));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ed25519, v2", "ed25519, v1", "ecdsa, v1"})
    void embeddingsInputsAndVectorsAreEncrypted(String algo, String mode) throws Exception {
        start(algo, mode);
        String body = Json.createObjectBuilder().add("model", ProxyTestBed.MODEL)
                .add("input", Json.createArrayBuilder().add(SECRET).add("alpha")).build().toString();
        Response response = bed.proxy.forward(ProxyTestBed.post("v1/embeddings", body));
        assertEquals(200, response.getStatus());
        JsonArray data = ProxyTestBed.json(ProxyTestBed.entity(response)).getJsonArray("data");
        assertEquals(Json.createArrayBuilder().add(SECRET.length()).add(0.5).add(-0.125).build(),
                data.getJsonObject(0).getJsonArray("embedding"), "the vector came back as a JSON array");
        assertEquals(5, data.getJsonObject(1).getJsonArray("embedding").getInt(0));
        assertFalse(wire(bed.backend.lastRequestBody()).contains(SECRET));
        assertEquals(List.of(SECRET, "alpha"), bed.backend.lastModelRequest().getJsonArray("input")
                .getValuesAs(JsonString::getString));
    }

    @Test
    void aTamperedCompletionIsRefusedNamingTheField() {
        start("ed25519", "v2");
        bed.backend.misbehave(Misbehaviour.E2EE_TAMPERED_CIPHERTEXT);
        String body = "{\"model\":\"" + ProxyTestBed.MODEL + "\",\"prompt\":\"" + SECRET + "\"}";
        ApiException refused = assertThrows(ApiException.class, () -> bed.proxy.forward(ProxyTestBed.post(
                "v1/completions", body)));
        assertEquals(502, refused.error().status());
        assertEquals("e2ee_decryption_failed", refused.error().code());
        assertTrue(refused.getMessage().contains("choices[0].text"), refused.getMessage());
    }

    /** A chat that defines a tool, replays an earlier tool call, names its user and asks for logprobs. */
    private static String toolChat(boolean stream) {
        JsonObject parameters = Json.createObjectBuilder().add("type", "object").add("properties",
                Json.createObjectBuilder().add("city", Json.createObjectBuilder().add("type", "string"))).build();
        return Json.createObjectBuilder().add("model", ProxyTestBed.MODEL).add("stream", stream).add("n_events", 2)
                .add("logprobs", true)
                .add("messages", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "user").add("name", "alice").add("content", SECRET))
                        .add(Json.createObjectBuilder().add("role", "assistant").add("tool_calls", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("id", "call_9").add("type", "function").add("function",
                                        Json.createObjectBuilder().add("name", "get_weather")
                                                .add("arguments", "{\"city\":\"Oslo\"}")))))
                        .add(Json.createObjectBuilder().add("role", "tool").add("tool_call_id", "call_9")
                                .add("content", "sunny"))
                        .add(Json.createObjectBuilder().add("role", "user").add("content", SECRET)))
                .add("tools", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "function")
                        .add("function", Json.createObjectBuilder().add("name", "get_weather")
                                .add("description", "Weather in a city").add("parameters", parameters))))
                .add("tool_choice", "auto").build().toString();
    }

    @Test
    void withAllFieldsToolDefinitionsCallsNamesAndLogprobsAreEncryptedBothWays() throws Exception {
        start("ed25519", "v2", "VERIFIEDPROXY_E2EE_ENCRYPT_ALL_FIELDS", "true");
        String request = toolChat(false);
        Response response = bed.proxy.forward(ProxyTestBed.post("v1/chat/completions", request));
        assertEquals(200, response.getStatus());
        JsonObject answer = ProxyTestBed.json(ProxyTestBed.entity(response));

        assertEquals("true", bed.backend.lastRequestHeaders().get("x-encrypt-all-fields"));
        JsonObject sent = ProxyTestBed.json(wire(bed.backend.lastRequestBody()));
        JsonObject function = sent.getJsonArray("tools").getJsonObject(0).getJsonObject("function");
        assertCiphertext(function.get("name"), "tools[0].function.name");
        assertCiphertext(function.get("description"), "tools[0].function.description");
        assertCiphertext(function.get("parameters"), "tools[0].function.parameters");
        assertCiphertext(sent.getJsonArray("messages").getJsonObject(0).get("name"), "messages[0].name");
        JsonObject call = sent.getJsonArray("messages").getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0);
        assertCiphertext(call.getJsonObject("function").get("name"), "tool_calls[0].function.name");
        assertCiphertext(call.getJsonObject("function").get("arguments"), "tool_calls[0].function.arguments");
        assertEquals("call_9", call.getString("id"), "ids are never encrypted");
        assertEquals("auto", sent.getString("tool_choice"));
        assertEquals(ProxyTestBed.json(request).getJsonArray("tools"), bed.backend.lastModelRequest().getJsonArray("tools"),
                "the model read the tool definitions, parameters restored to an object");
        assertEquals(ProxyTestBed.json(request).getJsonArray("messages"),
                bed.backend.lastModelRequest().getJsonArray("messages"));

        // The answer's all-fields fields were encrypted (else they would not open) and are plaintext again.
        JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
        JsonObject toolCall = choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0);
        assertEquals("get_weather", toolCall.getJsonObject("function").getString("name"));
        assertEquals(Json.createObjectBuilder().add("echo", SECRET).build().toString(),
                toolCall.getJsonObject("function").getString("arguments"));
        JsonObject firstToken = choice.getJsonObject("logprobs").getJsonArray("content").getJsonObject(0);
        assertEquals("Hello", firstToken.getString("token"));
        assertEquals(Json.createArrayBuilder().add(72).add(101).add(108).add(108).add(111).build(),
                firstToken.getJsonArray("bytes"));
        assertEquals("x", firstToken.getJsonArray("top_logprobs").getJsonObject(0).getString("token"));
    }

    @Test
    void withAllFieldsStreamedToolCallsAreDecrypted() throws Exception {
        start("ecdsa", "v1", "VERIFIEDPROXY_E2EE_ENCRYPT_ALL_FIELDS", "true");
        String answer = ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.post("v1/chat/completions", toolChat(true))));
        List<JsonObject> deltas = new ArrayList<>();
        for (String line : answer.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                JsonObject chunk = ProxyTestBed.json(line.substring(6));
                assertFalse(chunk.containsKey("error"), line);
                deltas.add(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta"));
            }
        }
        assertEquals("token0", deltas.get(0).getString("content"));
        JsonObject function = deltas.get(deltas.size() - 1).getJsonArray("tool_calls").getJsonObject(0)
                .getJsonObject("function");
        assertEquals("get_weather", function.getString("name"));
        assertTrue(function.getString("arguments").contains(SECRET), function.toString());
    }

    @Test
    void withoutAllFieldsToolFieldsTravelInTheClearAsConfigured() throws Exception {
        start("ed25519", "v2");
        JsonObject answer = ProxyTestBed.json(ProxyTestBed.entity(bed.proxy.forward(ProxyTestBed.post(
                "v1/chat/completions", toolChat(false)))));
        assertNull(bed.backend.lastRequestHeaders().get("x-encrypt-all-fields"));
        JsonObject sent = ProxyTestBed.json(wire(bed.backend.lastRequestBody()));
        assertEquals("get_weather", sent.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
        assertCiphertext(sent.getJsonArray("messages").getJsonObject(0).get("content"), "messages[0].content");
        assertEquals("get_weather", answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message")
                .getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function").getString("name"));
    }
}
