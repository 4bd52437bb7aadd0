package dev.verifiedproxy.error;

/**
 * Thrown by resources and services when a request must end with a specific HTTP status and
 * OpenAI-style error body. The message is shown to the client, so it must be safe to show.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.message());
        this.error = error;
    }

    public ApiException(ApiError error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    public ApiException(int status, String message) {
        this(ApiError.of(status, message));
    }

    public static ApiException badRequest(String message, String param) {
        return new ApiException(new ApiError(400, message, "invalid_request_error", param, null));
    }

    public ApiError error() {
        return error;
    }
}
