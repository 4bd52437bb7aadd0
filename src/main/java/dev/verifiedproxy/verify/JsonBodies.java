package dev.verifiedproxy.verify;

import dev.verifiedproxy.json.JsonProviders;
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


/**
 * Reads untrusted request bodies (the /verify endpoints' JSON, the proxied requests): never more than
 * the configured number of bytes (413 beyond), only a JSON object where one is expected (400
 * otherwise), and a body the client broke off is a 400 of its own, not a server failure.
 */
public final class JsonBodies {

    /** Error code of a request whose body ended before it was complete. */
    public static final String INCOMPLETE_CODE = "request_body_incomplete";

    private static final System.Logger LOG = System.getLogger(JsonBodies.class.getName());

    private JsonBodies() {
    }

    /**
     * The body's raw bytes, at most {@code maxBytes}.
     *
     * @throws ApiException 413 beyond the limit; 400 {@value #INCOMPLETE_CODE} when reading fails
     */
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
            throw incomplete(out.size(), e.toString(), e);
        }
        return out.toByteArray();
    }

    /**
     * The error for a body that ended early: the container's read failed (the client went away, or
     * stalled past the server's timeout), or fewer bytes came than its Content-Length declared. That
     * is the client's doing, and clients can do it at will: one line at DEBUG, never a stack trace,
     * and whoever reads the body forwards nothing. The client is usually gone; the 400 is for the rest.
     *
     * @param received bytes read before the body ended
     * @param why      what ended it, for the log (never body content)
     */
    public static ApiException incomplete(long received, String why, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "request body ended after {0} bytes, before it was complete: {1}", received, why);
        return new ApiException(new ApiError(400, "The request body ended before it was complete; nothing was forwarded.",
                "invalid_request_error", null, INCOMPLETE_CODE), cause);
    }

    /** The body as a JSON object, at most {@code maxBytes}. */
    public static JsonObject readObject(InputStream body, long maxBytes) {
        byte[] bytes = readBounded(body, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request body is empty; a JSON object is expected.", null);
        }
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(bytes))) {
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
