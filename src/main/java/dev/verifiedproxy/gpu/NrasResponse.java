package dev.verifiedproxy.gpu;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NRAS's answer to {@code POST /v3/attest/gpu}, a detached EAT (gpu.md §2.2):
 * {@code [["JWT", "<overall token>"], {"GPU-0": "<token>", ...}]}. Parsing only: the tokens are
 * kept as the exact strings received, because {@code submods} binds them by their SHA-256.
 *
 * @param raw          the answer exactly as received
 * @param overallToken the platform (overall) token
 * @param gpuTokens    per-GPU tokens by name, in the order NRAS listed them
 */
public record NrasResponse(String raw, String overallToken, Map<String, String> gpuTokens) {

    public NrasResponse {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(overallToken, "overallToken");
        gpuTokens = Collections.unmodifiableMap(new LinkedHashMap<>(gpuTokens));
    }

    /** @throws GpuFormatException with {@link GpuFailure#NRAS_RESPONSE_MALFORMED} */
    public static NrasResponse parse(String json) throws GpuFormatException {
        JsonValue value = GpuJson.read(json, GpuFailure.NRAS_RESPONSE_MALFORMED, "the NRAS answer");
        if (!(value instanceof JsonArray top) || top.size() != 2) {
            throw malformed("not a two-element JSON array");
        }
        if (!(top.get(0) instanceof JsonArray head) || head.size() != 2
                || !(head.get(0) instanceof JsonString tag) || !tag.getString().equals("JWT")
                || !(head.get(1) instanceof JsonString overall)) {
            throw malformed("the first element is not [\"JWT\", <token>]");
        }
        if (!(top.get(1) instanceof JsonObject gpus)) {
            throw malformed("the second element is not an object of GPU tokens");
        }
        if (gpus.size() > NvidiaPayload.MAX_GPUS) {
            throw malformed(gpus.size() + " GPU tokens, more than " + NvidiaPayload.MAX_GPUS);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : gpus.entrySet()) {
            if (!(entry.getValue() instanceof JsonString token)) {
                throw malformed("the token of " + entry.getKey() + " is not a string");
            }
            tokens.put(entry.getKey(), token.getString());
        }
        return new NrasResponse(json, overall.getString(), tokens);
    }

    private static GpuFormatException malformed(String why) {
        return new GpuFormatException(GpuFailure.NRAS_RESPONSE_MALFORMED, "NRAS answer is " + why);
    }
}
