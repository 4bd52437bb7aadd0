package dev.verifiedproxy.testing.backend;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the simulated model answers, in plaintext (E2EE is applied afterwards, as inference-proxy
 * does): deterministic functions of the request as the model read it, so that tests can tell
 * whether the proxy passed the decrypted prompt on and decrypted every answer field. Covers the
 * shapes NEAR encrypts (protocol.md §7.6): chat content, tool calls and logprobs (the latter two
 * with {@code X-Encrypt-All-Fields}), completion texts and embeddings.
 */
final class SimulatedAnswers {

    /** Each completion choice and each streamed completion chunk starts with this. */
    static final String COMPLETION_PREFIX = "Completed: ";

    private SimulatedAnswers() {
    }

    /**
     * A chat answer: the greeting that echoes {@code prompt}; a call of the first tool when the
     * request defines tools (arguments echo the prompt); logprobs of the content's words when asked.
     */
    static JsonObject chat(String id, String model, JsonObject request, String prompt) {
        String content = "Hello from a simulated TEE." + (prompt == null ? "" : " You said: " + prompt);
        JsonObjectBuilder message = Json.createObjectBuilder().add("role", "assistant").add("content", content);
        Optional<JsonObject> toolCall = toolCall(request, prompt);
        toolCall.ifPresent(call -> message.add("tool_calls", Json.createArrayBuilder().add(call)));
        JsonObjectBuilder choice = Json.createObjectBuilder().add("index", 0).add("message", message);
        if (request.getBoolean("logprobs", false)) {
            choice.add("logprobs", Json.createObjectBuilder().add("content", logprobs(content)).addNull("refusal"));
        }
        choice.add("finish_reason", toolCall.isPresent() ? "tool_calls" : "stop");
        return Json.createObjectBuilder().add("id", id).add("object", "chat.completion").add("model", model)
                .add("choices", Json.createArrayBuilder().add(choice)).build();
    }

    /** The SSE chunk that carries the tool call of {@link #chat}, if the request defines tools. */
    static Optional<JsonObject> toolCallChunk(String id, String model, JsonObject request, String prompt) {
        return toolCall(request, prompt).map(call -> Json.createObjectBuilder().add("id", id)
                .add("object", "chat.completion.chunk").add("model", model)
                .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
                        .add("delta", Json.createObjectBuilder().add("tool_calls",
                                Json.createArrayBuilder().add(Json.createObjectBuilder(call).add("index", 0))))
                        .add("finish_reason", "tool_calls")))
                .build());
    }

    private static Optional<JsonObject> toolCall(JsonObject request, String prompt) {
        if (!(request.get("tools") instanceof JsonArray tools) || tools.isEmpty()
                || !(tools.get(0) instanceof JsonObject tool) || !(tool.get("function") instanceof JsonObject function)) {
            return Optional.empty();
        }
        String arguments = Json.createObjectBuilder().add("echo", prompt == null ? "" : prompt).build().toString();
        return Optional.of(Json.createObjectBuilder().add("id", "call_0").add("type", "function")
                .add("function", Json.createObjectBuilder().add("name", function.getString("name", "unnamed"))
                        .add("arguments", arguments)).build());
    }

    /** One entry per word, with its UTF-8 bytes and one alternative. */
    private static JsonArrayBuilder logprobs(String content) {
        JsonArrayBuilder entries = Json.createArrayBuilder();
        for (String word : content.split(" ")) {
            entries.add(Json.createObjectBuilder().add("token", word).add("logprob", -0.5).add("bytes", bytes(word))
                    .add("top_logprobs", Json.createArrayBuilder().add(Json.createObjectBuilder().add("token", "x")
                            .add("logprob", -3.0).add("bytes", bytes("x")))));
        }
        return entries;
    }

    private static JsonArrayBuilder bytes(String text) {
        JsonArrayBuilder bytes = Json.createArrayBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xff);
        }
        return bytes;
    }

    /** The prompt strings of a completions request (a string or an array of strings). */
    static List<String> prompts(JsonObject request) {
        JsonValue prompt = request.get("prompt");
        List<String> prompts = new ArrayList<>();
        if (prompt instanceof JsonString text) {
            prompts.add(text.getString());
        } else if (prompt instanceof JsonArray array) {
            array.forEach(p -> prompts.add(p instanceof JsonString text ? text.getString() : p.toString()));
        }
        return prompts;
    }

    /** A completion: choice i is {@link #COMPLETION_PREFIX} + prompt i. */
    static JsonObject completion(String id, String model, List<String> prompts) {
        JsonArrayBuilder choices = Json.createArrayBuilder();
        for (int i = 0; i < prompts.size(); i++) {
            choices.add(Json.createObjectBuilder().add("index", i).add("text", COMPLETION_PREFIX + prompts.get(i))
                    .addNull("logprobs").add("finish_reason", "stop"));
        }
        return Json.createObjectBuilder().add("id", id).add("object", "text_completion").add("model", model)
                .add("choices", choices).build();
    }

    /** A streamed completion of the first prompt: the prefix, then the prompt, in two chunks. */
    static List<JsonObject> completionChunks(String id, String model, List<String> prompts) {
        String prompt = prompts.isEmpty() ? "" : prompts.get(0);
        List<JsonObject> chunks = new ArrayList<>();
        for (String text : List.of(COMPLETION_PREFIX, prompt)) {
            chunks.add(Json.createObjectBuilder().add("id", id).add("object", "text_completion").add("model", model)
                    .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
                            .add("text", text).addNull("logprobs").addNull("finish_reason"))).build());
        }
        return chunks;
    }

    /**
     * Embeddings of the input strings: input i gets {@code [length of input i, 0.5, -0.125]}, so a
     * test can tell which text the model embedded.
     */
    static JsonObject embeddings(String model, JsonObject request) {
        JsonValue input = request.get("input");
        List<String> texts = new ArrayList<>();
        if (input instanceof JsonString text) {
            texts.add(text.getString());
        } else if (input instanceof JsonArray array) {
            array.forEach(t -> texts.add(t instanceof JsonString text ? text.getString() : t.toString()));
        }
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (int i = 0; i < texts.size(); i++) {
            data.add(Json.createObjectBuilder().add("object", "embedding").add("index", i).add("embedding",
                    Json.createArrayBuilder().add(texts.get(i).length()).add(0.5).add(-0.125)));
        }
        return Json.createObjectBuilder().add("object", "list").add("data", data).add("model", model)
                .add("usage", Json.createObjectBuilder().add("prompt_tokens", texts.size()).add("total_tokens", texts.size()))
                .build();
    }
}
