package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.json.JsonProviders;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;


/**
 * Bounded, path-naming reads of untrusted JSON for the Sigstore parsers. Every problem is a
 * {@link Malformed} naming the JSON path; each parser turns it into its own error type. Unknown fields are
 * ignored (Sigstore's formats are protobuf JSON and grow new fields).
 */
final class JsonFields {

    /** The largest integer every JSON implementation (and RFC 8785's number form) represents exactly. */
    static final long MAX_EXACT_INTEGER = (1L << 53) - 1;

    private JsonFields() {
    }

    /** What is wrong, and where. */
    static final class Malformed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Malformed(String path, String problem) {
            super(path + ": " + problem);
        }
    }

    static JsonValue parse(byte[] json, int maxBytes, String what) {
        if (json.length > maxBytes) {
            throw new Malformed(what, json.length + " bytes, limit " + maxBytes);
        }
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(json))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new Malformed(what, "not JSON (" + e.getMessage() + ")");
        }
    }

    static JsonObject object(JsonValue value, String path) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw wrongType(path, "an object", value);
        }
        return value.asJsonObject();
    }

    static JsonArray array(JsonValue value, String path, int min, int max) {
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw wrongType(path, "an array", value);
        }
        JsonArray array = value.asJsonArray();
        if (array.size() < min || array.size() > max) {
            throw new Malformed(path, array.size() + " elements, expected " + min + ".." + max);
        }
        return array;
    }

    static Optional<JsonValue> optional(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? Optional.empty() : Optional.of(value);
    }

    static JsonValue required(JsonObject object, String key, String path) {
        return optional(object, key).orElseThrow(() -> new Malformed(path + "." + key, "missing"));
    }

    static JsonObject object(JsonObject object, String key, String path) {
        return object(required(object, key, path), path + "." + key);
    }

    static String string(JsonObject object, String key, String path, int maxChars) {
        return text(required(object, key, path), path + "." + key, maxChars);
    }

    static Optional<String> optionalString(JsonObject object, String key, String path, int maxChars) {
        return optional(object, key).map(v -> text(v, path + "." + key, maxChars));
    }

    static String text(JsonValue value, String path, int maxChars) {
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            throw wrongType(path, "a string", value);
        }
        String text = ((JsonString) value).getString();
        if (text.length() > maxChars) {
            throw new Malformed(path, text.length() + " characters, limit " + maxChars);
        }
        return text;
    }

    /** An integer in {@code [min, max]}; fractions, exponents beyond range and strings are refused. */
    static long integer(JsonObject object, String key, String path, long min, long max) {
        JsonValue value = required(object, key, path);
        if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw wrongType(path + "." + key, "an integer", value);
        }
        long n;
        try {
            n = ((JsonNumber) value).longValueExact();
        } catch (ArithmeticException e) {
            throw new Malformed(path + "." + key, "out of range");
        }
        if (n < min || n > max) {
            throw new Malformed(path + "." + key, n + " is not in " + min + ".." + max);
        }
        return n;
    }

    /** Standard base64 (with padding) of at most {@code maxBytes} decoded bytes. */
    static byte[] base64(String text, String path, int maxBytes) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Malformed(path, "not base64");
        }
        if (decoded.length > maxBytes) {
            throw new Malformed(path, decoded.length + " bytes, limit " + maxBytes);
        }
        return decoded;
    }

    static Sha256Digest sha256Hex(JsonObject object, String key, String path) {
        return Sha256Digest.parseHex(string(object, key, path, 64))
                .orElseThrow(() -> new Malformed(path + "." + key, "not 64 lowercase hex characters"));
    }

    private static Malformed wrongType(String path, String expected, JsonValue actual) {
        String found = actual == null ? "nothing" : actual.getValueType().name().toLowerCase(Locale.ROOT);
        return new Malformed(path, "expected " + expected + ", found " + found);
    }
}
