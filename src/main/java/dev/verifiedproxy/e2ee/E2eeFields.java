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
 * <p>Sealing is strict about shapes: a covered value in a shape NEAR's scheme cannot encrypt (a
 * token-id array as a prompt, an object as message content) fails with
 * {@link E2eeFailure#UNENCRYPTABLE_VALUE} naming the field, since leaving it as it is would send
 * it in the clear. {@link #requireEncryptable} runs the same check without a key, so that such a
 * body is refused before any connection is made. Opening is strict about decryption: a covered
 * field that does not decrypt fails with an {@link E2eeException} naming the field, except for
 * the all-fields request fields, which the server accepts in plaintext too; values of other shapes
 * are the sender's business and pass. The sides: the client seals requests and opens responses,
 * the model seals responses and opens requests.
 */
public final class E2eeFields {

    private enum Mode {
        /** Only the shape checks of sealing, no key needed. */
        CHECK,
        SEAL,
        OPEN
    }

    private E2eeFields() {
    }

    /**
     * Checks, without encrypting, that {@link #sealRequest} can cover every field of this body
     * that NEAR encrypts.
     *
     * @throws E2eeException {@link E2eeFailure#UNENCRYPTABLE_VALUE} at the first field it cannot
     */
    public static void requireEncryptable(E2eeEndpoint endpoint, JsonObject body, boolean allFields) {
        transform(FieldRules.request(endpoint, allFields), body, Mode.CHECK, null);
    }

    /** @throws E2eeException {@link E2eeFailure#UNENCRYPTABLE_VALUE} for a field it cannot cover */
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
        JsonValue.ValueType type = value.getValueType();
        if (type == JsonValue.ValueType.NULL) {
            return value; // null stays null
        }
        if (!rule.accepts(type)) {
            if (mode == Mode.OPEN) {
                return value;
            }
            throw new E2eeException(E2eeFailure.UNENCRYPTABLE_VALUE, "found " + FieldRule.shape(type)
                    + ", NEAR AI encrypts " + rule.expected() + " here").atField(path);
        }
        if (rule instanceof Either either) {
            return apply(either.forType(type), value, path, mode, codec);
        }
        if (rule instanceof Leaf leaf) {
            return mode == Mode.CHECK ? value : leaf(leaf, value, path, mode, codec);
        }
        if (rule instanceof Members members && value instanceof JsonObject object) {
            return members(members, object, path, mode, codec);
        }
        if (rule instanceof Each each && value instanceof JsonArray array) {
            return each(each, array, path, mode, codec);
        }
        return value; // a content-free alternative to an object, e.g. "tool_choice": "auto"
    }

    private static JsonValue members(Members rule, JsonObject object, String path, Mode mode, FieldCodec codec) {
        if (rule.closed() && mode != Mode.OPEN) {
            for (String name : object.keySet()) {
                if (!rule.members().containsKey(name)) {
                    throw new E2eeException(E2eeFailure.UNENCRYPTABLE_VALUE, "NEAR AI encrypts no member but "
                            + String.join(", ", rule.members().keySet()) + " here").atField(at(path, name));
                }
            }
        }
        JsonObjectBuilder changed = null;
        for (Map.Entry<String, FieldRule> member : rule.members().entrySet()) {
            JsonValue old = object.get(member.getKey());
            if (old == null) {
                continue;
            }
            JsonValue updated = apply(member.getValue(), old, at(path, member.getKey()), mode, codec);
            if (updated != old) {
                changed = changed == null ? JSON.createObjectBuilder(object) : changed;
                changed.add(member.getKey(), updated); // replaces in place: member order is kept
            }
        }
        return changed == null ? object : changed.build();
    }

    private static String at(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
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
            return mode == Mode.SEAL ? seal(value, codec) : open(leaf.kind(), value, codec);
        } catch (E2eeException e) {
            if (mode == Mode.OPEN && leaf.lenient()) {
                return value;
            }
            throw e.atField(path);
        }
    }

    /** {@code value} is of a type its leaf accepts (checked by {@link #apply}) and not null. */
    private static JsonValue seal(JsonValue value, FieldCodec codec) {
        if (value instanceof JsonString string) {
            return string.getString().isEmpty() ? value : JSON.createValue(codec.seal(string.getString()));
        }
        return JSON.createValue(codec.seal(value.toString())); // an array or other JSON, as its compact text
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
