package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.json.JsonProviders;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;


/**
 * Bounded, path-aware reading of untrusted JSON: every failure is a {@link MalformedEvidenceException}
 * naming the JSON path. Unknown fields are never an error here (producers add fields over time).
 */
public final class JsonInput {

    private JsonInput() {
    }

    /** Parses a whole document of at most {@code maxBytes} bytes. */
    public static JsonValue parse(byte[] json, long maxBytes, String path) {
        if (json.length > maxBytes) {
            throw new MalformedEvidenceException(FormatFailure.TOO_LARGE, path, json.length + " bytes, limit " + maxBytes);
        }
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(json))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedEvidenceException(FormatFailure.NOT_JSON, path, String.valueOf(e.getMessage()));
        }
    }

    /** Parses JSON carried inside a JSON string (dstack sends some nested documents that way). */
    public static JsonValue parseEmbedded(String json, String path) {
        try (JsonReader reader = JsonProviders.reader(new StringReader(json))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedEvidenceException(FormatFailure.NOT_JSON, path, "embedded JSON: " + e.getMessage());
        }
    }

    public static JsonObject object(JsonValue value, String path) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw wrongType(path, "an object", value);
        }
        return value.asJsonObject();
    }

    public static JsonArray array(JsonValue value, String path, int maxEntries) {
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw wrongType(path, "an array", value);
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > maxEntries) {
            throw new MalformedEvidenceException(FormatFailure.TOO_MANY_ENTRIES, path,
                    array.size() + " entries, limit " + maxEntries);
        }
        return array;
    }

    /** A value that is either an object or a JSON string containing one ({@code tcb_info}). */
    public static JsonObject objectOrEmbedded(JsonValue value, String path, int maxChars) {
        if (value != null && value.getValueType() == JsonValue.ValueType.STRING) {
            return object(parseEmbedded(bounded(((JsonString) value).getString(), path, maxChars), path), path);
        }
        return object(value, path);
    }

    /** A value that is either an array or a JSON string containing one ({@code event_log}). */
    public static JsonArray arrayOrEmbedded(JsonValue value, String path, int maxEntries, int maxChars) {
        if (value != null && value.getValueType() == JsonValue.ValueType.STRING) {
            return array(parseEmbedded(bounded(((JsonString) value).getString(), path, maxChars), path), path, maxEntries);
        }
        return array(value, path, maxEntries);
    }

    public static Optional<JsonValue> field(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? Optional.empty() : Optional.of(value);
    }

    public static JsonValue required(JsonObject object, String key, String path) {
        return field(object, key).orElseThrow(() ->
                new MalformedEvidenceException(FormatFailure.MISSING_FIELD, path + "." + key, "required"));
    }

    public static String string(JsonObject object, String key, String path, int maxChars) {
        return text(required(object, key, path), path + "." + key, maxChars);
    }

    public static Optional<String> optionalString(JsonObject object, String key, String path, int maxChars) {
        return field(object, key).map(v -> text(v, path + "." + key, maxChars));
    }

    /** Hex of exactly {@code bytes} bytes (either case, optional 0x), returned in canonical lowercase. */
    public static String hex(JsonObject object, String key, String path, int bytes) {
        return hexText(string(object, key, path, bytes * 2 + 2), path + "." + key, bytes);
    }

    public static Optional<String> optionalHex(JsonObject object, String key, String path, int bytes) {
        return optionalString(object, key, path, bytes * 2 + 2).map(v -> hexText(v, path + "." + key, bytes));
    }

    /** Hex of any length up to {@code maxBytes}, lowercase. */
    public static String anyHex(String text, String path, int maxBytes) {
        bounded(text, path, maxBytes * 2 + 2);
        return Hex.decode(text).map(Hex::encode).orElseThrow(() ->
                new MalformedEvidenceException(FormatFailure.BAD_HEX, path, "not hex"));
    }

    public static String hexText(String text, String path, int bytes) {
        return Hex.normalize(text, bytes).orElseThrow(() ->
                new MalformedEvidenceException(FormatFailure.BAD_HEX, path, "expected " + bytes + " bytes of hex"));
    }

    public static long integer(JsonObject object, String key, String path, long min, long max) {
        JsonValue value = required(object, key, path);
        if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw wrongType(path + "." + key, "an integer", value);
        }
        long n;
        try {
            n = ((JsonNumber) value).longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedEvidenceException(FormatFailure.OUT_OF_RANGE, path + "." + key, "too large");
        }
        if (n < min || n > max) {
            throw new MalformedEvidenceException(FormatFailure.OUT_OF_RANGE, path + "." + key,
                    n + " is not between " + min + " and " + max);
        }
        return n;
    }

    /** An array of strings, each at most {@code maxChars}. */
    public static List<String> strings(JsonValue value, String path, int maxEntries, int maxChars) {
        JsonArray array = array(value, path, maxEntries);
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(text(array.get(i), path + "[" + i + "]", maxChars));
        }
        return List.copyOf(out);
    }

    public static String text(JsonValue value, String path, int maxChars) {
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            throw wrongType(path, "a string", value);
        }
        return bounded(((JsonString) value).getString(), path, maxChars);
    }

    private static String bounded(String text, String path, int maxChars) {
        if (text.length() > maxChars) {
            throw new MalformedEvidenceException(FormatFailure.STRING_TOO_LONG, path,
                    text.length() + " characters, limit " + maxChars);
        }
        return text;
    }

    private static MalformedEvidenceException wrongType(String path, String expected, JsonValue actual) {
        String found = actual == null ? "nothing" : actual.getValueType().name().toLowerCase(java.util.Locale.ROOT);
        FormatFailure reason = actual == null || actual.getValueType() == JsonValue.ValueType.NULL
                ? FormatFailure.MISSING_FIELD : FormatFailure.WRONG_TYPE;
        return new MalformedEvidenceException(reason, path, "expected " + expected + ", found " + found);
    }
}
