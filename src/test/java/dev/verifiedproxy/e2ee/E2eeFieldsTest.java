package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which fields are encrypted, per endpoint and direction (protocol.md §7.6), and that they come back intact. */
class E2eeFieldsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final E2eePrivateKey clientKey = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
    private final E2eePrivateKey modelKey = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
    private final FieldCodec client = FieldCodec.forClient(clientKey, modelKey.publicKey(), E2eeVersion.V2, RANDOM);
    private final FieldCodec model = FieldCodec.forModel(modelKey, clientKey.publicKey(), E2eeVersion.V2, RANDOM);

    static final String CHAT_REQUEST = """
            {"model":"zai-org/GLM-5.1-FP8","stream":true,"temperature":0.2,
             "messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","name":"alice","content":[{"type":"text","text":"What is this?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
              {"role":"assistant","content":null,"reasoning_content":"thinking","reasoning":"more","refusal":"no",
               "audio":{"id":"a1","data":"UklGRg=="},
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}],
               "function_call":{"name":"legacy","arguments":"{}"}},
              {"role":"tool","tool_call_id":"call_1","content":""}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "function_call":{"name":"legacy"}}
            """;

    static final String CHAT_RESPONSE = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1780404899,"model":"zai-org/GLM-5.1-FP8",
             "choices":[{"index":0,"finish_reason":"tool_calls",
               "message":{"role":"assistant","content":"Sunny.","reasoning_content":"look it up","reasoning":"r",
                 "refusal":"none","audio":{"id":"a2","data":"UklGRg=="},
                 "tool_calls":[{"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{}"}}],
                 "function_call":{"name":"legacy","arguments":"{}"}},
               "logprobs":{"content":[{"token":"Sun","logprob":-0.1,"bytes":[83,117,110],
                   "top_logprobs":[{"token":"Rain","logprob":-2.5,"bytes":[82,97,105,110]}]}],"refusal":null}}],
             "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}
            """;

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonValue at(JsonObject body, String pointer) {
        return Json.createPointer(pointer).getValue(body);
    }

    private static void assertSealed(JsonObject body, String pointer) {
        JsonValue value = at(body, pointer);
        assertEquals(JsonValue.ValueType.STRING, value.getValueType(), pointer);
        String text = ((JsonString) value).getString();
        assertTrue(text.length() >= 144 && text.matches("[0-9a-f]+"), pointer + " = " + text);
    }

    private static void assertUnchanged(JsonObject expected, JsonObject actual, String... pointers) {
        for (String pointer : pointers) {
            assertEquals(at(expected, pointer), at(actual, pointer), pointer);
        }
    }

    @Test
    void chatRequestsEncryptContentReasoningAndAudio() {
        JsonObject plain = json(CHAT_REQUEST);
        JsonObject sealed = E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, plain, false, client);
        for (String p : List.of("/messages/0/content", "/messages/1/content", "/messages/2/reasoning_content",
                "/messages/2/reasoning", "/messages/2/audio/data")) {
            assertSealed(sealed, p);
        }
        // not covered without X-Encrypt-All-Fields, never encrypted, null and empty
        assertUnchanged(plain, sealed, "/model", "/stream", "/temperature", "/messages/0/role", "/messages/1/name",
                "/messages/2/refusal", "/messages/2/tool_calls", "/messages/2/function_call", "/messages/2/audio/id",
                "/messages/2/content", "/messages/3/content", "/messages/3/tool_call_id", "/tools", "/tool_choice",
                "/function_call");
        assertEquals(plain, E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, sealed, false, model));
    }

    @Test
    void allFieldsCoversNamesToolCallsRefusalsAndToolDefinitions() {
        JsonObject plain = json(CHAT_REQUEST);
        JsonObject sealed = E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, plain, true, client);
        for (String p : List.of("/messages/1/name", "/messages/2/refusal", "/messages/2/tool_calls/0/function/name",
                "/messages/2/tool_calls/0/function/arguments", "/messages/2/function_call/name",
                "/messages/2/function_call/arguments", "/tools/0/function/name", "/tools/0/function/description",
                "/tools/0/function/parameters", "/tool_choice/function/name", "/function_call/name")) {
            assertSealed(sealed, p);
        }
        assertUnchanged(plain, sealed, "/messages/2/tool_calls/0/id", "/messages/2/tool_calls/0/type", "/tools/0/type",
                "/tool_choice/type", "/messages/1/role");
        // parameters go out as encrypted JSON text and come back as the object
        assertEquals(plain, E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, sealed, true, model));
    }

    @Test
    void theServerAcceptsAllFieldsRequestFieldsInPlaintext() {
        JsonObject plain = json(CHAT_REQUEST);
        JsonObject sealedClassic = E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, plain, false, client);
        assertEquals(plain, E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, sealedClassic, true, model));
    }

    @Test
    void alwaysEncryptedFieldsMustDecryptAndTheErrorNamesTheField() {
        JsonObject plaintextContent = json("{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        E2eeException e = assertThrows(E2eeException.class,
                () -> E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, plaintextContent, true, model));
        assertEquals(E2eeFailure.BAD_HEX, e.reason());
        assertEquals(Optional.of("messages[0].content"), e.field());
        assertTrue(e.getMessage().endsWith("at messages[0].content"), e.getMessage());

        JsonObject sealed = E2eeFields.sealResponse(E2eeEndpoint.CHAT_COMPLETIONS, json(CHAT_RESPONSE), true, model);
        String ciphertext = ((JsonString) at(sealed, "/choices/0/message/content")).getString();
        String tampered = ciphertext.substring(0, ciphertext.length() - 1) + (ciphertext.endsWith("0") ? "1" : "0");
        JsonObject forged = Json.createPointer("/choices/0/message/content").replace(sealed, Json.createValue(tampered));
        E2eeException auth = assertThrows(E2eeException.class,
                () -> E2eeFields.openResponse(E2eeEndpoint.CHAT_COMPLETIONS, forged, true, client));
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED, auth.reason());
        assertEquals(Optional.of("choices[0].message.content"), auth.field());
    }

    @Test
    void chatResponsesEncryptTheAnswerAndWithAllFieldsToolCallsAndLogprobs() {
        JsonObject plain = json(CHAT_RESPONSE);
        JsonObject classic = E2eeFields.sealResponse(E2eeEndpoint.CHAT_COMPLETIONS, plain, false, model);
        for (String p : List.of("/choices/0/message/content", "/choices/0/message/reasoning_content",
                "/choices/0/message/reasoning", "/choices/0/message/audio/data")) {
            assertSealed(classic, p);
        }
        assertUnchanged(plain, classic, "/choices/0/message/refusal", "/choices/0/message/tool_calls", "/choices/0/logprobs");

        JsonObject all = E2eeFields.sealResponse(E2eeEndpoint.CHAT_COMPLETIONS, plain, true, model);
        for (String p : List.of("/choices/0/message/refusal", "/choices/0/message/tool_calls/0/function/name",
                "/choices/0/message/tool_calls/0/function/arguments", "/choices/0/message/function_call/name",
                "/choices/0/logprobs/content/0/token", "/choices/0/logprobs/content/0/bytes",
                "/choices/0/logprobs/content/0/top_logprobs/0/token", "/choices/0/logprobs/content/0/top_logprobs/0/bytes")) {
            assertSealed(all, p);
        }
        assertUnchanged(plain, all, "/id", "/object", "/created", "/model", "/usage", "/choices/0/index",
                "/choices/0/finish_reason", "/choices/0/message/role", "/choices/0/message/tool_calls/0/id",
                "/choices/0/message/tool_calls/0/type", "/choices/0/logprobs/content/0/logprob",
                "/choices/0/logprobs/refusal");
        assertEquals(plain, E2eeFields.openResponse(E2eeEndpoint.CHAT_COMPLETIONS, classic, false, client));
        assertEquals(plain, E2eeFields.openResponse(E2eeEndpoint.CHAT_COMPLETIONS, all, true, client));
    }

    @Test
    void responseContentPartsAreEncryptedPartByPart() {
        JsonObject plain = json("{\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"text\",\"text\":\"b\"}],\"nearai_tool_result\":{\"tool_call_id\":\"t\",\"status\":\"ok\","
                + "\"output\":\"search results\"}}}]}");
        JsonObject sealed = E2eeFields.sealResponse(E2eeEndpoint.CHAT_COMPLETIONS, plain, false, model);
        assertSealed(sealed, "/choices/0/delta/content/0/text");
        assertSealed(sealed, "/choices/0/delta/content/1/text");
        assertSealed(sealed, "/choices/0/delta/nearai_tool_result/output");
        assertUnchanged(plain, sealed, "/choices/0/delta/content/0/type", "/choices/0/delta/nearai_tool_result/status");
        assertEquals(plain, E2eeFields.openResponse(E2eeEndpoint.CHAT_COMPLETIONS, sealed, false, client));
    }

    @Test
    void otherEndpointRequestsRoundTrip() {
        record Case(E2eeEndpoint endpoint, String body, List<String> sealed, List<String> kept) {
        }
        List<Case> cases = List.of(
                new Case(E2eeEndpoint.COMPLETIONS, "{\"prompt\":[\"a\",\"\",\"b\"],\"max_tokens\":5,\"suffix\":null}",
                        List.of("/prompt/0", "/prompt/2"), List.of("/prompt/1", "/max_tokens", "/suffix")),
                new Case(E2eeEndpoint.COMPLETIONS, "{\"prompt\":\"once upon\"}", List.of("/prompt"), List.of()),
                new Case(E2eeEndpoint.EMBEDDINGS, "{\"input\":[\"x\",\"y\"],\"model\":\"e\"}",
                        List.of("/input/0", "/input/1"), List.of("/model")),
                new Case(E2eeEndpoint.IMAGES_GENERATIONS, "{\"prompt\":\"a cat\",\"n\":1}", List.of("/prompt"),
                        List.of("/n")),
                new Case(E2eeEndpoint.AUDIO_TRANSCRIPTIONS, "{\"prompt\":\"names: Ada\"}", List.of("/prompt"), List.of()),
                new Case(E2eeEndpoint.RERANK, "{\"query\":\"q\",\"documents\":[\"d1\",{\"text\":\"d2\"}],\"top_n\":1}",
                        List.of("/query", "/documents/0", "/documents/1/text"), List.of("/top_n")),
                new Case(E2eeEndpoint.SCORE, "{\"text_1\":\"a\",\"text_2\":\"b\",\"model\":\"s\"}",
                        List.of("/text_1", "/text_2"), List.of("/model")));
        for (Case c : cases) {
            JsonObject plain = json(c.body());
            JsonObject sealed = E2eeFields.sealRequest(c.endpoint(), plain, true, client);
            c.sealed().forEach(p -> assertSealed(sealed, p));
            assertUnchanged(plain, sealed, c.kept().toArray(String[]::new));
            assertEquals(plain, E2eeFields.openRequest(c.endpoint(), sealed, true, model), c.endpoint().name());
        }
    }

    /**
     * Prompt fields in a shape NEAR does not encrypt: leaving them as they are would send them in the
     * clear, so sealing refuses the body, naming the JSON path (and so does the key-less check the
     * proxy runs before connecting).
     */
    @ParameterizedTest(name = "{0} allFields={1}: {2}")
    @MethodSource("unencryptableBodies")
    void aPromptFieldNearCannotEncryptIsRefusedNamingItsPath(E2eeEndpoint endpoint, boolean allFields, String body,
                                                             String path) {
        JsonObject plain = json(body);
        E2eeException checked = assertThrows(E2eeException.class,
                () -> E2eeFields.requireEncryptable(endpoint, plain, allFields));
        assertEquals(E2eeFailure.UNENCRYPTABLE_VALUE, checked.reason(), checked.getMessage());
        assertEquals(Optional.of(path), checked.field());
        assertTrue(checked.getMessage().endsWith(" at " + path), checked.getMessage());
        E2eeException sealing = assertThrows(E2eeException.class,
                () -> E2eeFields.sealRequest(endpoint, plain, allFields, client));
        assertEquals(E2eeFailure.UNENCRYPTABLE_VALUE, sealing.reason());
        assertEquals(Optional.of(path), sealing.field());
    }

    static Stream<Arguments> unencryptableBodies() {
        E2eeEndpoint chat = E2eeEndpoint.CHAT_COMPLETIONS;
        return Stream.of(
                // token ids: plaintext to anyone with the model's public tokenizer
                Arguments.of(E2eeEndpoint.COMPLETIONS, false, "{\"prompt\":[9906,11,1917]}", "prompt[0]"),
                Arguments.of(E2eeEndpoint.COMPLETIONS, false, "{\"prompt\":[[9906,11],[1917]]}", "prompt[0]"),
                Arguments.of(E2eeEndpoint.COMPLETIONS, true, "{\"prompt\":[\"a\",[1,2],\"b\"]}", "prompt[1]"),
                Arguments.of(E2eeEndpoint.COMPLETIONS, false, "{\"prompt\":4711}", "prompt"),
                Arguments.of(E2eeEndpoint.COMPLETIONS, false, "{\"prompt\":\"def f(\",\"suffix\":\"return secret\"}",
                        "suffix"),
                Arguments.of(E2eeEndpoint.EMBEDDINGS, false, "{\"input\":[9906,11]}", "input[0]"),
                Arguments.of(E2eeEndpoint.EMBEDDINGS, false, "{\"input\":[\"x\",[5,6]]}", "input[1]"),
                Arguments.of(E2eeEndpoint.EMBEDDINGS, false, "{\"input\":{\"text\":\"x\"}}", "input"),
                // message content: a string or an array of parts (sent as JSON text); nothing else
                Arguments.of(chat, false, "{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\","
                        + "\"text\":\"launch code 0000\"}}]}", "messages[0].content"),
                Arguments.of(chat, false, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"user\",\"content\":4711}]}", "messages[1].content"),
                Arguments.of(chat, false, "{\"messages\":[{\"role\":\"assistant\",\"reasoning_content\":[\"x\"]}]}",
                        "messages[0].reasoning_content"),
                Arguments.of(chat, false, "{\"messages\":[{\"role\":\"assistant\",\"reasoning\":{\"text\":\"x\"}}]}",
                        "messages[0].reasoning"),
                Arguments.of(chat, false, "{\"messages\":[{\"role\":\"user\",\"audio\":{\"data\":[1,2]}}]}",
                        "messages[0].audio.data"),
                Arguments.of(chat, false, "{\"messages\":[{\"role\":\"user\",\"audio\":\"UklGRg==\"}]}",
                        "messages[0].audio"),
                Arguments.of(chat, false, "{\"messages\":[\"launch code 0000\"]}", "messages[0]"),
                Arguments.of(chat, false, "{\"messages\":\"launch code 0000\"}", "messages"),
                Arguments.of(chat, false, "{\"messages\":[],\"prediction\":{\"type\":\"content\",\"content\":\"x\"}}",
                        "prediction"),
                // with X-Encrypt-All-Fields the tool fields are covered, as strings
                Arguments.of(chat, true, "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":{\"city\":\"Oslo\"}}}]}]}",
                        "messages[0].tool_calls[0].function.arguments"),
                Arguments.of(chat, true, "{\"messages\":[{\"role\":\"user\",\"name\":[\"alice\"]}]}",
                        "messages[0].name"),
                Arguments.of(chat, true, "{\"messages\":[],\"tool_choice\":{\"function\":\"get_weather\"}}",
                        "tool_choice.function"),
                Arguments.of(E2eeEndpoint.RERANK, false, "{\"query\":[\"q\"]}", "query"),
                Arguments.of(E2eeEndpoint.RERANK, false, "{\"query\":\"q\",\"documents\":[\"d\",{\"text\":\"d2\","
                        + "\"title\":\"secret\"}]}", "documents[1].title"),
                Arguments.of(E2eeEndpoint.RERANK, false, "{\"query\":\"q\",\"documents\":[[1,2]]}", "documents[0]"),
                Arguments.of(E2eeEndpoint.SCORE, false, "{\"text_1\":\"a\",\"text_2\":[\"b\",\"c\"]}", "text_2"),
                Arguments.of(E2eeEndpoint.IMAGES_GENERATIONS, false, "{\"prompt\":[\"a cat\"]}", "prompt"));
    }

    @Test
    void contentFreeAndNullValuesPassAndContentPartArraysAreEncryptedWhole() {
        JsonObject plain = json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"launch code 0000\"}]},{\"role\":\"assistant\",\"content\":null,\"audio\":null,"
                + "\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]}],"
                + "\"tool_choice\":\"auto\",\"function_call\":\"none\",\"prediction\":null}");
        // without X-Encrypt-All-Fields the tool call is not covered (by configuration), whatever its shape
        JsonObject classic = E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, plain, false, client);
        assertSealed(classic, "/messages/0/content");
        assertUnchanged(plain, classic, "/messages/1", "/tool_choice", "/function_call", "/prediction");
        assertEquals(plain, E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, classic, false, model));

        JsonObject withoutToolCall = json(plain.toString().replace("{\"a\":1}", "\"{}\""));
        JsonObject all = E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, withoutToolCall, true, client);
        assertUnchanged(withoutToolCall, all, "/tool_choice", "/function_call", "/messages/1/content");
        assertEquals(withoutToolCall, E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, all, true, model));
    }

    @Test
    void theModelSideLeavesShapesItDoesNotDecryptAsTheyAre() {
        // What NEAR's server does with a token-id prompt: nothing (the proxy never sends one).
        JsonObject tokens = json("{\"prompt\":[9906,11,1917]}");
        assertSame(tokens, E2eeFields.openRequest(E2eeEndpoint.COMPLETIONS, tokens, false, model));
    }

    @Test
    void otherEndpointResponsesRoundTrip() {
        record Case(E2eeEndpoint endpoint, String body, List<String> sealed) {
        }
        List<Case> cases = List.of(
                new Case(E2eeEndpoint.COMPLETIONS, "{\"choices\":[{\"text\":\"done\",\"index\":0}]}", List.of("/choices/0/text")),
                new Case(E2eeEndpoint.IMAGES_GENERATIONS, "{\"data\":[{\"b64_json\":\"iVBO\",\"revised_prompt\":\"a cat\"}]}",
                        List.of("/data/0/b64_json", "/data/0/revised_prompt")),
                new Case(E2eeEndpoint.EMBEDDINGS, "{\"data\":[{\"index\":0,\"embedding\":[0.25,-1.5E-7,3]}]}",
                        List.of("/data/0/embedding")),
                new Case(E2eeEndpoint.AUDIO_TRANSCRIPTIONS, "{\"text\":\"hello\"}", List.of("/text")),
                new Case(E2eeEndpoint.RERANK, "{\"results\":[{\"index\":0,\"relevance_score\":0.9,\"document\":{\"text\":\"d\"}}]}",
                        List.of("/results/0/document/text")));
        for (Case c : cases) {
            JsonObject plain = json(c.body());
            JsonObject sealed = E2eeFields.sealResponse(c.endpoint(), plain, false, model);
            c.sealed().forEach(p -> assertSealed(sealed, p));
            assertEquals(plain, E2eeFields.openResponse(c.endpoint(), sealed, false, client), c.endpoint().name());
        }
        JsonObject score = json("{\"data\":[{\"index\":0,\"score\":0.5}]}");
        assertSame(score, E2eeFields.sealResponse(E2eeEndpoint.SCORE, score, true, model));
    }

    @Test
    void aStringThatLooksLikeJsonStaysAStringUnlessItIsAnArray() {
        // inference-proxy restores only arrays from request content; "{}" or "42" stay text.
        for (String content : List.of("{\"a\":1}", "42", "[1,2] trailing", "plain")) {
            JsonObject plain = json("{\"messages\":[{\"content\":" + Json.createValue(content) + "}]}");
            JsonObject sealed = E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, plain, false, client);
            assertEquals(plain, E2eeFields.openRequest(E2eeEndpoint.CHAT_COMPLETIONS, sealed, false, model), content);
        }
    }

    @Test
    void endpointsAreFoundByPath() {
        assertEquals(Optional.of(E2eeEndpoint.CHAT_COMPLETIONS), E2eeEndpoint.fromPath("/v1/chat/completions"));
        assertEquals(Optional.of(E2eeEndpoint.COMPLETIONS), E2eeEndpoint.fromPath("v1/completions/"));
        assertEquals(Optional.of(E2eeEndpoint.RERANK), E2eeEndpoint.fromPath("/rerank"));
        assertEquals(Optional.empty(), E2eeEndpoint.fromPath("/v1/responses"));
        assertEquals(Optional.empty(), E2eeEndpoint.fromPath("/v1/models"));
    }

    @Test
    void unchangedBodiesAreTheSameInstance() {
        JsonObject body = json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}");
        assertSame(body, E2eeFields.sealRequest(E2eeEndpoint.CHAT_COMPLETIONS, body, true, client));
    }
}
