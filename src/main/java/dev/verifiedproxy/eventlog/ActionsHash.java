package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.json.JsonStrings;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * compose-manager's {@code actions_hash}: SHA-256 of a canonical compact JSON of the actions array
 * with raw UTF-8 strings. Two canonicalisations exist (protocol.md §2.4.5) and a verifier must
 * accept either; this is the one place where re-serialising JSON is the specification itself.
 */
public final class ActionsHash {

    /** Which canonical form reproduced the claimed hash. */
    public enum Canonicalisation {
        /** Since compose-manager PR #36 (mid-June 2026): keys sorted, null and empty-array members omitted. */
        SORTED_KEYS,
        /** Before: keys in compose-manager's struct order; an action with any other key cannot be in this form. */
        LEGACY_FIELD_ORDER
    }

    /** The struct order of the legacy serialisation (found by reproducing the captured hashes). */
    private static final List<String> LEGACY_ORDER = List.of("timestamp", "action", "tag", "commit", "file", "file_sha256",
            "services", "container");

    private ActionsHash() {
    }

    /** Lowercase hex SHA-256 of the actions in {@code form}; empty when the actions cannot be expressed in it. */
    public static Optional<String> compute(JsonArray actions, Canonicalisation form) {
        StringBuilder out = new StringBuilder();
        out.append('[');
        for (int i = 0; i < actions.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonObject action = actions.getJsonObject(i);
            boolean ok = form == Canonicalisation.SORTED_KEYS ? appendSorted(action, true, out) : appendLegacy(action, out);
            if (!ok) {
                return Optional.empty();
            }
        }
        out.append(']');
        return Optional.of(Hex.encode(Sha.sha256(out.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** The canonicalisation that reproduces {@code claimed}, if any (compared in constant time). */
    public static Optional<Canonicalisation> matching(JsonArray actions, String claimed) {
        for (Canonicalisation form : Canonicalisation.values()) {
            if (compute(actions, form).filter(h -> Hex.sameBytes(h, claimed)).isPresent()) {
                return Optional.of(form);
            }
        }
        return Optional.empty();
    }

    /** Keys in code-point order (all keys are ASCII); {@code omitEmpty} applies to an action's own members only. */
    private static boolean appendSorted(JsonObject object, boolean omitEmpty, StringBuilder out) {
        TreeMap<String, JsonValue> members = new TreeMap<>();
        object.forEach((k, v) -> {
            boolean empty = v.getValueType() == JsonValue.ValueType.NULL
                    || v.getValueType() == JsonValue.ValueType.ARRAY && v.asJsonArray().isEmpty();
            if (!(omitEmpty && empty)) {
                members.put(k, v);
            }
        });
        out.append('{');
        boolean first = true;
        for (var member : members.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonStrings.appendQuoted(out, member.getKey());
            out.append(':');
            appendValue(member.getValue(), out);
        }
        out.append('}');
        return true;
    }

    private static boolean appendLegacy(JsonObject action, StringBuilder out) {
        if (!LEGACY_ORDER.containsAll(action.keySet())) {
            return false;
        }
        out.append('{');
        boolean first = true;
        for (String key : LEGACY_ORDER) {
            JsonValue value = action.get(key);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonStrings.appendQuoted(out, key);
            out.append(':');
            appendValue(value, out);
        }
        out.append('}');
        return true;
    }

    private static void appendValue(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case STRING -> JsonStrings.appendQuoted(out, ((JsonString) value).getString());
            case NUMBER -> {
                JsonNumber n = (JsonNumber) value;
                out.append(n.isIntegral() ? n.bigIntegerValue().toString() : n.toString());
            }
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case NULL -> out.append("null");
            case ARRAY -> {
                out.append('[');
                JsonArray array = value.asJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendValue(array.get(i), out);
                }
                out.append(']');
            }
            case OBJECT -> appendSorted(value.asJsonObject(), false, out);
        }
    }
}
