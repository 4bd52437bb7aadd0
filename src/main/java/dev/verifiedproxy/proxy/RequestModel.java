package dev.verifiedproxy.proxy;

import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import jakarta.json.stream.JsonParser;

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
    private static final ByteSearch BLANK_LINE = new ByteSearch("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    private static final ByteSearch CRLF = new ByteSearch("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    private static final byte[] CONTENT_DISPOSITION = "content-disposition".getBytes(StandardCharsets.ISO_8859_1);

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
        Optional<String> model = Optional.empty();
        boolean seen = false;
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    return model;
                }
                if (event == JsonParser.Event.KEY_NAME) {
                    String key = parser.getString();
                    JsonParser.Event value = parser.next();
                    if (key.equals("model")) {
                        if (seen) {
                            throw duplicateModel();
                        }
                        seen = true;
                        model = value == JsonParser.Event.VALUE_STRING ? acceptable(parser.getString()) : Optional.empty();
                    }
                    if (value == JsonParser.Event.START_OBJECT || value == JsonParser.Event.START_ARRAY) {
                        skipStructure(parser);
                    }
                }
            }
            return model;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not our job to reject malformed JSON (JsonParsingException, or Parsson's plain RuntimeException
            // for nesting deeper than 1,000): the backend answers it; routing uses the model found so far.
            return model;
        }
    }

    /**
     * Skips the object or array just opened. Not {@code skipObject}/{@code skipArray}: Parsson's (1.1.9) loop
     * forever at the end of a truncated body ({@code {"messages":[}), a request thread spinning at full CPU
     * for each such request; counting events here ends, since {@code next()} fails at the end of input.
     */
    private static void skipStructure(JsonParser parser) {
        for (int depth = 1; depth > 0; ) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                depth++;
            } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                depth--;
            }
        }
    }

    /**
     * Parsers disagree on a repeated key (the first wins here, the last in Python's json and JSON-P's reader,
     * an error in serde): the proxy would attest one model and the backend answer as another. So the whole
     * object is read to make sure there is no second one.
     */
    private static ApiException duplicateModel() {
        return new ApiException(new ApiError(400, "The request body names \"model\" more than once.",
                "invalid_request_error", "model", "duplicate_model"));
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
     * boundary (RFC 7578); headers of a part end at the first empty line. Each byte of the body is
     * scanned a bounded number of times: the delimiter search goes forward only, and a part's
     * header end is looked for inside that part only.
     */
    static Optional<String> fromMultipart(byte[] body, String boundary) {
        ByteSearch first = new ByteSearch(("--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        ByteSearch delimiter = new ByteSearch(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        int partStart = afterMatch(first, first.indexOf(body, 0, body.length));
        while (partStart >= 0) {
            if (partStart + 2 > body.length || (body[partStart] == '-' && body[partStart + 1] == '-')) {
                return Optional.empty();
            }
            int next = delimiter.indexOf(body, partStart, body.length);
            if (next < 0) {
                return Optional.empty();
            }
            // The blank line must end before the next delimiter begins, or the part has no value.
            int headersEnd = BLANK_LINE.indexOf(body, partStart, next);
            if (headersEnd < 0) {
                return Optional.empty();
            }
            if (isFieldNamed(body, partStart, headersEnd, "model")) {
                int valueStart = headersEnd + BLANK_LINE.length();
                return acceptable(new String(body, valueStart, next - valueStart, StandardCharsets.UTF_8).strip());
            }
            partStart = afterMatch(delimiter, next);
        }
        return Optional.empty();
    }

    private static int afterMatch(ByteSearch search, int index) {
        return index < 0 ? -1 : index + search.length();
    }

    /**
     * Whether the part's headers, {@code body[from, to)}, carry {@code Content-Disposition: form-data;
     * name="<field>"}. Only that header's line becomes a string: a form can have millions of tiny parts.
     */
    private static boolean isFieldNamed(byte[] body, int from, int to, String field) {
        for (int lineStart = from; lineStart < to; ) {
            int lineEnd = CRLF.indexOf(body, lineStart, to);
            lineEnd = lineEnd < 0 ? to : lineEnd;
            if (isHeader(body, lineStart, lineEnd, CONTENT_DISPOSITION)) {
                String line = new String(body, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
                return dispositionNames(line.substring(line.indexOf(':') + 1), field);
            }
            lineStart = lineEnd + CRLF.length();
        }
        return false;
    }

    /** Whether the line is {@code Content-Disposition:} (any case, blanks allowed around the name). */
    private static boolean isHeader(byte[] body, int from, int to, byte[] name) {
        int i = skipBlanks(body, from, to);
        if (to - i < name.length) {
            return false;
        }
        for (byte expected : name) {
            if (Character.toLowerCase(body[i++]) != expected) {
                return false;
            }
        }
        i = skipBlanks(body, i, to);
        return i < to && body[i] == ':';
    }

    private static int skipBlanks(byte[] body, int from, int to) {
        int i = from;
        while (i < to && (body[i] == ' ' || body[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Whether the Content-Disposition value names {@code field}: {@code form-data; name="<field>"}. */
    private static boolean dispositionNames(String value, String field) {
        for (String parameter : value.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "name=", 0, 5)) {
                String name = p.substring(5);
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                return name.equals(field);
            }
        }
        return false;
    }

    private static Optional<String> acceptable(String model) {
        return model.isEmpty() || model.length() > MAX_MODEL_LENGTH ? Optional.empty() : Optional.of(model);
    }
}
