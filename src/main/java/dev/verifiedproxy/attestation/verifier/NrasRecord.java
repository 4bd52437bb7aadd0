package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.attestation.NrasEvidence;
import dev.verifiedproxy.gpu.GpuResult;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * The NVIDIA answers of one live verification, for its evidence bundle: NRAS's answer per model attestation
 * (by its index in the report) and the key sets the tokens were checked with, merged by key id.
 */
final class NrasRecord {

    private final Map<Integer, String> responses = new TreeMap<>();
    private final Map<String, JsonObject> keys = new LinkedHashMap<>();

    void record(int modelIndex, GpuResult result) {
        result.nras().ifPresent(n -> {
            responses.put(modelIndex, n.response());
            if (n.jwks() != null) {
                parse(n.jwks()).filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT)
                        .map(v -> v.asJsonObject().get("keys"))
                        .filter(v -> v != null && v.getValueType() == JsonValue.ValueType.ARRAY)
                        .ifPresent(list -> list.asJsonArray().stream()
                                .filter(k -> k.getValueType() == JsonValue.ValueType.OBJECT)
                                .map(JsonValue::asJsonObject)
                                .forEach(k -> keys.putIfAbsent(k.getString("kid", "#" + keys.size()), k)));
            }
        });
    }

    /** {@code {"responses": [..], "jwks": {"keys": [..]}}}, with {@code null} for models NRAS was not asked about. */
    Optional<NrasEvidence> evidence() {
        if (responses.isEmpty()) {
            return Optional.empty();
        }
        int size = responses.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<JsonValue> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String response = responses.get(i);
            // NRAS's answer is kept as JSON when it is JSON, else as the text it was (a verdict then failed on it).
            list.add(response == null ? JsonValue.NULL : parse(response).orElse(JSON.createValue(response)));
        }
        JsonArrayBuilder keyList = JSON.createArrayBuilder();
        keys.values().forEach(keyList::add);
        return Optional.of(new NrasEvidence(list, JSON.createObjectBuilder().add("keys", keyList).build()));
    }

    private static Optional<JsonValue> parse(String json) {
        try (JsonReader reader = JsonProviders.reader(new StringReader(json))) {
            return Optional.of(reader.readValue());
        } catch (JsonException e) {
            return Optional.empty();
        }
    }
}
