package dev.verifiedproxy.error;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Target of the servlet container's own error pages (WEB-INF/web.xml): errors the container
 * produces before the application sees a request — a realm rejecting Basic credentials, a
 * malformed request line — get the same OpenAI-style body as every other error.
 */
@Path("errors/{status: [0-9]{3}}")
@RequestScoped
public class ErrorPageResource {

    // One designator per method (Jersey rejects several); HEAD and OPTIONS are derived by JAX-RS.
    @GET
    public Response get(@PathParam("status") int status) {
        return error(status);
    }

    @POST
    public Response post(@PathParam("status") int status) {
        return error(status);
    }

    @PUT
    public Response put(@PathParam("status") int status) {
        return error(status);
    }

    @DELETE
    public Response delete(@PathParam("status") int status) {
        return error(status);
    }

    @PATCH
    public Response patch(@PathParam("status") int status) {
        return error(status);
    }

    static Response error(int status) {
        int code = status >= 400 && status <= 599 ? status : 500;
        String message = switch (code) {
            case 401 -> "Authentication to verified-proxy failed.";
            case 403 -> "Access to this resource is forbidden.";
            case 404 -> "Not found.";
            default -> "The server could not handle this request (HTTP " + code + ").";
        };
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(code, message).toJson()).build();
    }
}
