package dev.verifiedproxy.proxy;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/**}: every OpenAI-compatible path, every method, forwarded to NEAR AI over attested
 * connections. The resource only translates HTTP to a {@link ProxiedRequest}; all decisions are
 * in {@link ProxyService}.
 */
@Path("v1")
@RequestScoped
public class ProxyResource {

    @Inject
    ProxyService proxy;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders httpHeaders;

    @Context
    HttpServletRequest servletRequest;

    @GET
    @Path("{path: .*}")
    public Response get() {
        return proxy.forward(request("GET", null));
    }

    @HEAD
    @Path("{path: .*}")
    public Response head() {
        return proxy.forward(request("HEAD", null));
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete() {
        return proxy.forward(request("DELETE", null));
    }

    @POST
    @Path("{path: .*}")
    public Response post(InputStream body) {
        return proxy.forward(request("POST", body));
    }

    @PUT
    @Path("{path: .*}")
    public Response put(InputStream body) {
        return proxy.forward(request("PUT", body));
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(InputStream body) {
        return proxy.forward(request("PATCH", body));
    }

    private ProxiedRequest request(String method, InputStream body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        httpHeaders.getRequestHeaders().forEach((name, values) ->
                values.forEach(value -> headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value))));
        return new ProxiedRequest(method, uriInfo.getPath(false).replaceFirst("^/", ""),
                uriInfo.getRequestUri().getRawQuery(), headers, body, servletRequest);
    }
}
