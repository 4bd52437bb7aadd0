package dev.verifiedproxy.routing;

/** The request cannot be routed to a backend; the message is safe to show to the client. */
public final class RouteException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Direct mode needs the model (or an allowed X-Backend-Domain) to choose a backend. */
        NO_MODEL(400, "invalid_request_error", "model_required"),
        /** The registry lists no backend for the model. */
        UNKNOWN_MODEL(404, "not_found_error", "model_not_found"),
        /** X-Backend-Domain names a domain outside the allow-list. */
        DOMAIN_NOT_ALLOWED(403, "permission_error", "backend_domain_not_allowed"),
        /** The registry could not be read and no earlier copy exists. */
        DISCOVERY_UNAVAILABLE(503, "upstream_error", "endpoint_discovery_unavailable");

        private final int status;
        private final String type;
        private final String code;

        Reason(int status, String type, String code) {
            this.status = status;
            this.type = type;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public RouteException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
