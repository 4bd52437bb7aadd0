package dev.verifiedproxy.error;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * Turns every exception that leaves a resource into an OpenAI-style error response with the
 * right status. Clients never see a stack trace: unexpected failures get a reference id that
 * is also in the server log next to the stack trace.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable thrown) {
        ApiError error = toError(thrown);
        return Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.toJson())
                .build();
    }

    ApiError toError(Throwable thrown) {
        if (thrown instanceof ApiException api) {
            if (api.error().status() >= 500) {
                LOG.log(Level.WARNING, "{0} {1}: {2}", api.error().status(), path(), api.getMessage());
            }
            return api.error();
        }
        if (thrown instanceof WebApplicationException web) {
            return fromStatus(web.getResponse().getStatus());
        }
        if (isMalformedJson(thrown)) {
            return ApiError.of(400, "The request body is not valid JSON for this endpoint.");
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.ERROR, "Unexpected failure on " + path() + " (reference " + reference + ")", thrown);
        return new ApiError(500, "Internal error in verified-proxy (reference " + reference + ").",
                "server_error", null, "internal_error");
    }

    private ApiError fromStatus(int status) {
        String message = switch (status) {
            case 404 -> "Unknown path: /" + path() + ".";
            case 405 -> "This HTTP method is not allowed on /" + path() + ".";
            case 406 -> "No acceptable representation for the requested media type.";
            case 415 -> "Unsupported Content-Type for /" + path() + ".";
            case 400 -> "Bad request.";
            default -> Response.Status.fromStatusCode(status) == null
                    ? "HTTP " + status : Response.Status.fromStatusCode(status).getReasonPhrase() + ".";
        };
        return ApiError.of(status, message);
    }

    private static boolean isMalformedJson(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof JsonException || t instanceof JsonbException) {
                return true;
            }
        }
        return false;
    }

    private String path() {
        String path = uriInfo == null ? "" : uriInfo.getPath(false).replaceFirst("^/", "");
        // The path is the caller's text: echo it, but never unbounded.
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
