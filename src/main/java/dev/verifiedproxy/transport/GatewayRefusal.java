package dev.verifiedproxy.transport;

import dev.verifiedproxy.json.JsonProviders;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.util.Objects;
import java.util.Set;

/**
 * The gateway's refusal of a report request on the caller's credential, to be answered to that caller as the
 * gateway answered it: its status and its OpenAI-style error. Every text comes from an unattested peer, so it is
 * bounded and stripped of control characters; and it is taken over only from a peer whose certificate is valid
 * for the gateway's domain ({@link WebPkiStatus#VALID}), otherwise the proxy words the error itself.
 *
 * @param status  401, 402, 403 or 429
 * @param message for a human; the gateway's, or the proxy's own
 * @param type    OpenAI error type, or null
 * @param param   the parameter at fault, or null
 * @param code    machine-readable code, or null
 */
public record GatewayRefusal(int status, String message, String type, String param, String code) {

    /** Statuses by which the gateway judges the caller's credential (missing, invalid, out of credit, rate-limited). */
    public static final Set<Integer> CREDENTIAL_STATUSES = Set.of(401, 402, 403, 429);

    /** Longest error body read; a real one is a few hundred bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final int MAX_TEXT = 512;

    public GatewayRefusal {
        if (!CREDENTIAL_STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a credential refusal: HTTP " + status);
        }
        Objects.requireNonNull(message, "message");
    }

    /**
     * The refusal as the gateway worded it, if it sent an OpenAI error object and its certificate is WebPKI-valid;
     * otherwise the proxy's own wording with the gateway's status.
     */
    static GatewayRefusal of(int status, byte[] body, String domain, boolean wordingTrusted) {
        String fallback = domain + " refused the API key for its attestation report (HTTP " + status + ")";
        if (!wordingTrusted || body == null || body.length == 0) {
            return new GatewayRefusal(status, fallback, null, null, null);
        }
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(body))) {
            JsonValue root = reader.readValue();
            if (root instanceof JsonObject object && object.get("error") instanceof JsonObject error
                    && error.get("message") instanceof JsonString message && !message.getString().isBlank()) {
                return new GatewayRefusal(status, shown(message.getString()), text(error, "type"), text(error, "param"),
                        text(error, "code"));
            }
        } catch (RuntimeException e) {
            // Not the OpenAI shape, cut off at the bound, or refused by the parser (Parsson reports nesting beyond
            // its limit as a plain RuntimeException, not a JsonException): the proxy's own words.
        }
        return new GatewayRefusal(status, fallback, null, null, null);
    }

    private static String text(JsonObject error, String name) {
        JsonValue value = error.get(name);
        if (value instanceof JsonString string && !string.getString().isBlank()) {
            return shown(string.getString());
        }
        return value != null && value.getValueType() == JsonValue.ValueType.NUMBER ? shown(value.toString()) : null;
    }

    private static String shown(String text) {
        String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
        return bounded.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
