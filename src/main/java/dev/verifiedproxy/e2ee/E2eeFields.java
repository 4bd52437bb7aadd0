package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.e2ee.FieldRule.Each;
import dev.verifiedproxy.e2ee.FieldRule.Either;
import dev.verifiedproxy.e2ee.FieldRule.Leaf;
import dev.verifiedproxy.e2ee.FieldRule.Members;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Map;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Encrypts or decrypts the fields of a request or response body that NEAR AI encrypts
 * (protocol.md §7.6), each independently, leaving everything else as it was (member order
 * included). Works on a whole JSON answer or on one SSE chunk ({@code choices[].delta}). With
 * {@code allFields} ({@code X-Encrypt-All-Fields: true}) tool calls, names, refusals, tool
 * definitions and logprobs are covered too.
 *
 * <p>Opening is strict: a covered field that does not decrypt fails with an
 * {@link E2eeException} naming the field, except for the all-fields request fields, which the
 * server accepts in plaintext too. The sides: the client seals requests and opens responses,
 * the model seals responses and opens requests.
 */
public final class E2eeFields {

    private enum Mode { SEAL, OPEN }

    private E2eeFields() {
    }

    public static JsonObject sealRequest(E2eeEndpoint endpoint, JsonObject body, boolean allFields, FieldCodec codec) {
        return transform(FieldRules.request(endpoint, allFields), body, Mode.SEAL, codec);
    }

    public static JsonObject openRequest(E2eeEndpoint endpoint, JsonObject body, boolean allFields, FieldCodec codec) {
        return transform(FieldRules.request(endpoint, allFields), body, Mode.OPEN, codec);
    }

    public static JsonObject sealResponse(E2eeEndpoint endpoint, JsonObject body, boolean allFields, FieldCodec codec) {
        return transform(FieldRules.response(endpoint, allFields), body, Mode.SEAL, codec);
    }

    public static JsonObject openResponse(E2eeEndpoint endpoint, JsonObject body, boolean allFields, FieldCodec codec) {
        return transform(FieldRules.response(endpoint, allFields), body, Mode.OPEN, codec);
    }

    private static JsonObject transform(FieldRule rule, JsonObject body, Mode mode, FieldCodec codec) {
        return (JsonObject) apply(rule, body, "", mode, codec);
    }

    /** The transformed value, or the very same instance when nothing in it changed. */
    private static JsonValue apply(FieldRule rule, JsonValue value, String path, Mode mode, FieldCodec codec) {
        if (rule instanceof Leaf leaf) {
            return leaf(leaf, value, path, mode, codec);
        }
        if (rule instanceof Members members && value instanceof JsonObject object) {
            return members(members, object, path, mode, codec);
        }
        if (rule instanceof Each each && value instanceof JsonArray array) {
            return each(each, array, path, mode, codec);
        }
        if (rule instanceof Either either) {
            JsonValue result = value;
            for (FieldRule alternative : either.alternatives()) {
                result = apply(alternative, result, path, mode, codec);
            }
            return result;
        }
        return value;
    }

    private static JsonValue members(Members rule, JsonObject object, String path, Mode mode, FieldCodec codec) {
        JsonObjectBuilder changed = null;
        for (Map.Entry<String, FieldRule> member : rule.members().entrySet()) {
            JsonValue old = object.get(member.getKey());
            if (old == null) {
                continue;
            }
            String at = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            JsonValue updated = apply(member.getValue(), old, at, mode, codec);
            if (updated != old) {
                changed = changed == null ? JSON.createObjectBuilder(object) : changed;
                changed.add(member.getKey(), updated); // replaces in place: member order is kept
            }
        }
        return changed == null ? object : changed.build();
    }

    private static JsonValue each(Each rule, JsonArray array, String path, Mode mode, FieldCodec codec) {
        JsonArrayBuilder rebuilt = JSON.createArrayBuilder();
        boolean anyChanged = false;
        for (int i = 0; i < array.size(); i++) {
            JsonValue old = array.get(i);
            JsonValue updated = apply(rule.element(), old, path + "[" + i + "]", mode, codec);
            anyChanged |= updated != old;
            rebuilt.add(updated);
        }
        return anyChanged ? rebuilt.build() : array;
    }

    private static JsonValue leaf(Leaf leaf, JsonValue value, String path, Mode mode, FieldCodec codec) {
        try {
            return mode == Mode.SEAL ? seal(leaf.kind(), value, codec) : open(leaf.kind(), value, codec);
        } catch (E2eeException e) {
            if (mode == Mode.OPEN && leaf.lenient()) {
                return value;
            }
            throw e.atField(path);
        }
    }

    private static JsonValue seal(FieldRule.Kind kind, JsonValue value, FieldCodec codec) {
        return switch (value.getValueType()) {
            case STRING -> isEmpty(value) ? value : JSON.createValue(codec.seal(((JsonString) value).getString()));
            case NULL -> value; // null stays null
            case ARRAY -> kind == FieldRule.Kind.TEXT ? value : JSON.createValue(codec.seal(value.toString()));
            default -> kind == FieldRule.Kind.JSON_AS_TEXT ? JSON.createValue(codec.seal(value.toString())) : value;
        };
    }

    /** Only strings were ever sealed: any other value is passed through. */
    private static JsonValue open(FieldRule.Kind kind, JsonValue value, FieldCodec codec) {
        if (value.getValueType() != JsonValue.ValueType.STRING || isEmpty(value)) {
            return value; // empty strings stay empty
        }
        String plaintext = codec.open(((JsonString) value).getString());
        JsonValue text = JSON.createValue(plaintext);
        return switch (kind) {
            case TEXT -> text;
            case ARRAY_AS_TEXT -> StrictJson.parse(plaintext).filter(v -> v.getValueType() == JsonValue.ValueType.ARRAY)
                    .orElse(text);
            case JSON_AS_TEXT -> StrictJson.parse(plaintext).orElse(text);
        };
    }

    private static boolean isEmpty(JsonValue string) {
        return ((JsonString) string).getString().isEmpty();
    }
}
