package dev.verifiedproxy.proxy;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Finds the {@code model} a request names, to route it: the top-level {@code "model"} of a JSON
 * body (streamed, without building the document), or the {@code model} field of a
 * multipart/form-data body (audio transcription, image edits).
 */
final class RequestModel {

    /** A model id is short; a longer value is not used for routing. */
    private static final int MAX_MODEL_LENGTH = 256;

    private RequestModel() {
    }

    static Optional<String> find(String contentType, byte[] body) {
        if (body == null || body.length == 0 || contentType == null) {
            return Optional.empty();
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json") || type.contains("+json")) {
            return fromJson(body);
        }
        if (type.startsWith("multipart/form-data")) {
            return boundary(contentType).flatMap(b -> fromMultipart(body, b));
        }
        return Optional.empty();
    }

    static Optional<String> fromJson(byte[] body) {
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    return Optional.empty();
                }
                if (event == JsonParser.Event.KEY_NAME) {
                    String key = parser.getString();
                    JsonParser.Event value = parser.next();
                    if (key.equals("model")) {
                        return value == JsonParser.Event.VALUE_STRING ? acceptable(parser.getString()) : Optional.empty();
                    }
                    if (value == JsonParser.Event.START_OBJECT) {
                        parser.skipObject();
                    } else if (value == JsonParser.Event.START_ARRAY) {
                        parser.skipArray();
                    }
                }
            }
            return Optional.empty();
        } catch (JsonParsingException | IllegalStateException e) {
            // Not our job to reject malformed JSON: the backend answers it; routing just finds no model.
            return Optional.empty();
        }
    }

    static Optional<String> boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = p.substring("boundary=".length());
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * The value of the form field named {@code model}. Parts are delimited by CRLF + "--" +
     * boundary (RFC 7578); headers of a part end at the first empty line.
     */
    static Optional<String> fromMultipart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = indexOf(body, delimiter, 0);
        while (position >= 0) {
            int partStart = position + delimiter.length;
            if (partStart + 2 > body.length || (body[partStart] == '-' && body[partStart + 1] == '-')) {
                return Optional.empty();
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), partStart);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                return Optional.empty();
            }
            String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.ISO_8859_1);
            if (isFieldNamed(headers, "model")) {
                int valueStart = headersEnd + 4;
                return acceptable(new String(body, valueStart, next - valueStart, StandardCharsets.UTF_8).strip());
            }
            position = next + 2;
        }
        return Optional.empty();
    }

    /** Whether a part's headers carry {@code Content-Disposition: form-data; name="<field>"}. */
    private static boolean isFieldNamed(String partHeaders, String field) {
        for (String line : partHeaders.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).strip().equalsIgnoreCase("content-disposition")) {
                continue;
            }
            for (String parameter : line.substring(colon + 1).split(";")) {
                String p = parameter.strip();
                if (p.regionMatches(true, 0, "name=", 0, 5)) {
                    String value = p.substring(5);
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value.equals(field);
                }
            }
        }
        return false;
    }

    private static Optional<String> acceptable(String model) {
        return model.isEmpty() || model.length() > MAX_MODEL_LENGTH ? Optional.empty() : Optional.of(model);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
