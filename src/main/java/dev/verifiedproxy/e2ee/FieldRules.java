package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.e2ee.FieldRule.Each;
import dev.verifiedproxy.e2ee.FieldRule.Either;
import dev.verifiedproxy.e2ee.FieldRule.Kind;
import dev.verifiedproxy.e2ee.FieldRule.Leaf;
import dev.verifiedproxy.e2ee.FieldRule.Members;

import jakarta.json.JsonValue.ValueType;

import java.util.List;
import java.util.Map;

/**
 * Which fields NEAR AI encrypts, per endpoint and direction, and in which shapes (protocol.md
 * §7.6, inference-proxy encryption.rs decrypt_request_fields / encrypt_response_fields). Never
 * encrypted: ids, roles, finish_reason, index, usage, model, created, tool call ids and types,
 * score values.
 *
 * <p>Request prompt fields in a shape NEAR does not encrypt (token-id arrays, a message content
 * object, arrays where only strings are encrypted) are not "left alone": their rules do not
 * accept them, so the sender refuses the body. Token ids are no secret from anyone holding the
 * model's public tokenizer.
 */
final class FieldRules {

    private static final FieldRule TEXT = new Leaf(Kind.TEXT, false);
    private static final FieldRule ARRAY_AS_TEXT = new Leaf(Kind.ARRAY_AS_TEXT, false);
    /** Request fields that only X-Encrypt-All-Fields covers: the server lets plaintext through. */
    private static final FieldRule OPTIONAL_TEXT = new Leaf(Kind.TEXT, true);
    private static final FieldRule UNENCRYPTABLE = new FieldRule.Unencryptable();
    private static final Members NONE = members();

    private FieldRules() {
    }

    static FieldRule request(E2eeEndpoint endpoint, boolean allFields) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> chatRequest(allFields);
            // suffix is prompt text too, and NEAR does not encrypt it
            case COMPLETIONS -> members("prompt", textOrTexts(), "suffix", UNENCRYPTABLE);
            case EMBEDDINGS -> members("input", textOrTexts());
            case IMAGES_GENERATIONS, IMAGES_EDITS, AUDIO_TRANSCRIPTIONS -> members("prompt", TEXT);
            // A document object is all content: NEAR encrypts only its text, so nothing else may be in it.
            case RERANK -> members("query", TEXT,
                    "documents", new Each(new Either(List.of(TEXT, members("text", TEXT).withNothingElse()))));
            case SCORE -> members("text_1", TEXT, "text_2", TEXT);
        };
    }

    static FieldRule response(E2eeEndpoint endpoint, boolean allFields) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> members("choices", new Each(chatChoice(allFields)));
            case COMPLETIONS -> members("choices", new Each(members("text", TEXT)));
            case IMAGES_GENERATIONS, IMAGES_EDITS -> members("data", new Each(members("b64_json", TEXT,
                    "revised_prompt", TEXT)));
            case EMBEDDINGS -> members("data", new Each(members("embedding", ARRAY_AS_TEXT)));
            case AUDIO_TRANSCRIPTIONS -> members("text", TEXT);
            case RERANK -> members("results", new Each(members("document", members("text", TEXT))));
            case SCORE -> NONE; // data[].score stays plaintext: a known upstream limitation
        };
    }

    private static FieldRule chatRequest(boolean allFields) {
        // content: a string, or a multimodal array the client sends as its JSON text (the server parses it back).
        Members message = members("content", ARRAY_AS_TEXT, "reasoning_content", TEXT, "reasoning", TEXT,
                "audio", members("data", TEXT));
        Members function = members("name", OPTIONAL_TEXT, "arguments", OPTIONAL_TEXT);
        if (allFields) {
            message = message.plus("refusal", OPTIONAL_TEXT, "name", OPTIONAL_TEXT,
                    "tool_calls", new Each(members("function", function)), "function_call", function);
        }
        // prediction (predicted output) is a copy of content the user expects back; NEAR does not encrypt it.
        Members body = members("messages", new Each(message), "prediction", UNENCRYPTABLE);
        if (allFields) {
            body = body.plus("tools", new Each(members("function", members("name", OPTIONAL_TEXT,
                            "description", OPTIONAL_TEXT, "parameters", new Leaf(Kind.JSON_AS_TEXT, true)))),
                    // the object forms; "auto", "none", "required" name no function and stay
                    "tool_choice", members("function", members("name", OPTIONAL_TEXT)).orAlso(ValueType.STRING),
                    "function_call", members("name", OPTIONAL_TEXT).orAlso(ValueType.STRING));
        }
        return body;
    }

    /** One element of {@code choices}: {@code message} (JSON answers) or {@code delta} (SSE chunks). */
    private static FieldRule chatChoice(boolean allFields) {
        Members message = members("content", new Either(List.of(TEXT, new Each(members("text", TEXT)))),
                "reasoning_content", TEXT, "reasoning", TEXT, "audio", members("data", TEXT),
                "nearai_tool_result", members("output", TEXT));
        if (allFields) {
            Members function = members("arguments", TEXT, "name", TEXT);
            message = message.plus("refusal", TEXT, "tool_calls", new Each(members("function", function)),
                    "function_call", function);
        }
        Members choice = members("message", message, "delta", message);
        if (allFields) {
            Members token = members("token", TEXT, "bytes", ARRAY_AS_TEXT); // bytes: an int array, sent as JSON text
            Members logprob = token.plus("top_logprobs", new Each(token));
            choice = choice.plus("logprobs", members("content", new Each(logprob), "refusal", new Each(logprob)));
        }
        return choice;
    }

    private static FieldRule textOrTexts() {
        return new Either(List.of(TEXT, new Each(TEXT)));
    }

    private static Members members(Object... namesAndRules) {
        return new Members(Map.of()).plus(namesAndRules);
    }
}
