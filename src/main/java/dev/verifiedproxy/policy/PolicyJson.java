package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.Hex;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Strict reading of policy JSON: every problem is recorded with its path and reading goes on, so
 * that one validation run reports all of them. A value with a problem reads as empty.
 */
final class PolicyJson {

    private final Set<PolicyError> errors = new LinkedHashSet<>();

    List<PolicyError> errors() {
        return new ArrayList<>(errors);
    }

    void error(String path, PolicyErrorKind kind, String message) {
        errors.add(new PolicyError(path, kind, message));
    }

    /** Reports keys outside {@code allowed}; {@code unsupported} names keys of the design that are refused, with why. */
    void keys(JsonObject object, String path, Set<String> allowed, Map<String, String> unsupported) {
        for (String key : object.keySet()) {
            if (unsupported.containsKey(key)) {
                error(path + "." + key, PolicyErrorKind.UNSUPPORTED, unsupported.get(key));
            } else if (!allowed.contains(key)) {
                error(path + "." + key, PolicyErrorKind.UNKNOWN_KEY, "unknown key; allowed here: "
                        + String.join(", ", sorted(allowed)));
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    Optional<JsonObject> object(JsonValue value, String path) {
        return typed(value, path, JsonValue.ValueType.OBJECT, "an object").map(JsonValue::asJsonObject);
    }

    Optional<String> string(JsonValue value, String path) {
        Optional<String> text = typed(value, path, JsonValue.ValueType.STRING, "a string").map(v -> ((JsonString) v).getString());
        if (text.isPresent() && (text.get().isBlank() || text.get().length() > 4096)) {
            error(path, PolicyErrorKind.BAD_VALUE, "must be a non-empty string of at most 4096 characters");
            return Optional.empty();
        }
        return text;
    }

    Optional<Boolean> bool(JsonValue value, String path) {
        if (value == JsonValue.TRUE) {
            return Optional.of(true);
        }
        if (value == JsonValue.FALSE) {
            return Optional.of(false);
        }
        error(path, PolicyErrorKind.WRONG_TYPE, "must be true or false");
        return Optional.empty();
    }

    Optional<Integer> integer(JsonValue value, String path, int min, int max) {
        Optional<JsonNumber> n = typed(value, path, JsonValue.ValueType.NUMBER, "a whole number").map(v -> (JsonNumber) v);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (!n.get().isIntegral() || n.get().bigIntegerValue().compareTo(java.math.BigInteger.valueOf(min)) < 0
                || n.get().bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            error(path, PolicyErrorKind.BAD_VALUE, "must be a whole number between " + min + " and " + max);
            return Optional.empty();
        }
        return Optional.of(n.get().intValue());
    }

    /** Lowercase hex of exactly {@code bytes} bytes, no prefix. */
    Optional<String> hex(JsonValue value, String path, int bytes) {
        Optional<String> text = typed(value, path, JsonValue.ValueType.STRING, "a hex string")
                .map(v -> ((JsonString) v).getString());
        if (text.isPresent() && !Hex.isLowercase(text.get(), bytes)) {
            error(path, PolicyErrorKind.BAD_HEX, "must be " + bytes * 2 + " lowercase hex characters (" + bytes + " bytes)");
            return Optional.empty();
        }
        return text;
    }

    /** One of the given names. */
    <E> Optional<E> oneOf(JsonValue value, String path, Map<String, E> names) {
        Optional<String> text = typed(value, path, JsonValue.ValueType.STRING, "a string").map(v -> ((JsonString) v).getString());
        if (text.isPresent() && !names.containsKey(text.get())) {
            error(path, PolicyErrorKind.BAD_VALUE, "must be one of "
                    + String.join(", ", names.keySet().stream().sorted().toList()));
            return Optional.empty();
        }
        return text.map(names::get);
    }

    /** An array read element by element; empty if it is not an array or any element is bad. */
    <T> Optional<List<T>> list(JsonValue value, String path, BiFunction<JsonValue, String, Optional<T>> element) {
        Optional<JsonArray> array = typed(value, path, JsonValue.ValueType.ARRAY, "an array").map(JsonValue::asJsonArray);
        if (array.isEmpty()) {
            return Optional.empty();
        }
        if (array.get().size() > 4096) {
            error(path, PolicyErrorKind.BAD_VALUE, "has more than 4096 entries");
            return Optional.empty();
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.get().size(); i++) {
            Optional<T> item = element.apply(array.get().get(i), path + "[" + i + "]");
            item.ifPresent(out::add);
            ok &= item.isPresent();
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    private Optional<JsonValue> typed(JsonValue value, String path, JsonValue.ValueType type, String expected) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            error(path, PolicyErrorKind.MISSING_KEY, "required; must be " + expected);
            return Optional.empty();
        }
        if (value.getValueType() != type) {
            error(path, PolicyErrorKind.WRONG_TYPE, "must be " + expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
