package dev.verifiedproxy.verify;

import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Reads untrusted JSON request bodies for the /verify endpoints: never more than the configured
 * number of bytes (413 beyond), and only a JSON object (400 otherwise).
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body's raw bytes, at most {@code maxBytes}. */
    public static byte[] readBounded(InputStream body, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                if (out.size() + (long) n > maxBytes) {
                    throw new ApiException(new ApiError(413, "Request body exceeds the limit of " + maxBytes
                            + " bytes (verifiedproxy.verify.max-body-bytes).", "invalid_request_error", null,
                            "body_too_large"));
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
        return out.toByteArray();
    }

    /** The body as a JSON object, at most {@code maxBytes}. */
    public static JsonObject readObject(InputStream body, long maxBytes) {
        byte[] bytes = readBounded(body, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request body is empty; a JSON object is expected.", null);
        }
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiException.badRequest("The request body must be a JSON object.", null);
            }
            return value.asJsonObject();
        } catch (JsonException | NumberFormatException e) {
            // Parsson lets BigDecimal's NumberFormatException out for an exponent beyond int range ("1e99999999999"):
            // the caller's mistake, a 400, not a 500.
            throw ApiException.badRequest("The request body is not valid JSON: " + e.getMessage(), null);
        }
    }
}
