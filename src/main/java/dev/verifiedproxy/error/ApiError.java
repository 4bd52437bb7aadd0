package dev.verifiedproxy.error;

import jakarta.json.JsonObjectBuilder;

import java.util.Objects;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * An error as OpenAI-compatible clients expect it:
 * {@code {"error":{"message":..,"type":..,"param":..,"code":..}}}.
 *
 * @param status  the HTTP status it is sent with
 * @param message what went wrong, for a human; never a stack trace or a secret
 * @param type    OpenAI error type, e.g. {@code invalid_request_error}
 * @param param   the request parameter at fault, or null
 * @param code    a stable machine-readable code, or null
 */
public record ApiError(int status, String message, String type, String param, String code) {

    public ApiError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
    }

    /** The OpenAI error type conventionally used for an HTTP status. */
    public static String typeFor(int status) {
        return switch (status) {
            case 400, 405, 406, 409, 411, 413, 414, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 502, 503, 504 -> "upstream_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    public static ApiError of(int status, String message) {
        return new ApiError(status, message, typeFor(status), null, null);
    }

    public String toJson() {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("message", message).add("type", type);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        if (code == null) {
            error.addNull("code");
        } else {
            error.add("code", code);
        }
        return JSON.createObjectBuilder().add("error", error).build().toString();
    }
}
