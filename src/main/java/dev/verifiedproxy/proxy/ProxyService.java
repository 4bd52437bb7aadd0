package dev.verifiedproxy.proxy;

import dev.verifiedproxy.chatcheck.ChatSignatureVerifier;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.routing.EndpointDirectory;
import dev.verifiedproxy.routing.Route;
import dev.verifiedproxy.routing.RouteException;
import dev.verifiedproxy.routing.Router;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.BackendRequest;
import dev.verifiedproxy.transport.BackendResponse;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.GatewayRefusal;
import dev.verifiedproxy.transport.TransportException;
import dev.verifiedproxy.transport.TransportFailure;
import dev.verifiedproxy.transport.VerifiedBackend;
import dev.verifiedproxy.verify.JsonBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Forwards one client request to NEAR AI: authenticate the client, read the body (bounded),
 * choose the backend, send over an attested connection, and stream the answer back as it
 * arrives, flushed per read so that each SSE event reaches the client before the next one is
 * produced. If the client goes away, the backend connection is closed, which cancels the
 * request upstream. Failures become OpenAI-style errors naming the backend and the failed step.
 * E2EE on the client's behalf and signature checks are the {@link ProxyExchange}'s.
 */
@ApplicationScoped
public class ProxyService {

    private static final System.Logger LOG = System.getLogger(ProxyService.class.getName());

    @Inject
    ProxyConfig config;

    @Inject
    ClientAuthenticator authenticator;

    @Inject
    Router router;

    @Inject
    BackendClient client;

    @Inject
    ChatSignatureVerifier signatures;

    public Response forward(ProxiedRequest request) {
        authenticator.authenticate(request.header("Authorization").orElse(null), request.servlet());
        byte[] body = readBody(request);
        String model = RequestModel.find(request.header("Content-Type").orElse(null), body).orElse(null);
        String backendDomain = request.header("X-Backend-Domain").map(String::strip).orElse(null);

        if (router.mode() == Router.Mode.DIRECT && backendDomain == null && request.method().equals("GET")
                && request.path().equals("v1/models")) {
            return modelList();
        }
        Route route;
        try {
            route = router.route(backendDomain, model);
        } catch (RouteException e) {
            throw new ApiException(new ApiError(e.reason().status(), e.getMessage(), e.reason().type(),
                    e.reason() == RouteException.Reason.DOMAIN_NOT_ALLOWED ? "X-Backend-Domain" : null, e.reason().code()));
        }
        String authorization = upstreamAuthorization(request);
        ProxyExchange exchange = ProxyExchange.plan(config, signatures, request, body, authorization);
        List<Map.Entry<String, String>> headers = new ArrayList<>(HeaderPolicy.upstreamHeaders(request.headers()));
        headers.add(new AbstractMap.SimpleImmutableEntry<>("Accept-Encoding", "identity"));
        if (authorization != null) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>("Authorization", authorization));
        }
        // The credential rides on the gateway's report request only, never on a model CVM's (unauthenticated).
        BackendTarget target = BackendTarget.withCredential(route.endpoint(), route.role(), route.model(), authorization);
        BackendResponse response;
        try {
            // Built on the leased connection: E2EE encrypts to the attested key of exactly that backend.
            response = client.send(target, verified -> exchange.backendRequest(verified, target,
                    new BackendRequest(request.method(), request.pathAndQuery(), headers, body)));
        } catch (TransportException e) {
            throw upstreamError(e);
        }
        return relay(request, response, exchange);
    }

    private byte[] readBody(ProxiedRequest request) {
        if (request.body() == null) {
            return null;
        }
        long limit = config.get(ConfigKeys.MAX_REQUEST);
        try {
            byte[] body = JsonBodies.readBounded(request.body(), limit);
            // A container may end a broken-off body with a plain end of stream rather than an error;
            // the declared length tells, so that no truncated request is ever sent upstream.
            long declared = declaredLength(request);
            if (declared > body.length) {
                throw JsonBodies.incomplete(body.length, "Content-Length " + declared, null);
            }
            return body;
        } catch (ApiException e) {
            if (e.error().status() == 413) {
                throw new ApiException(new ApiError(413, "Request body exceeds the proxy's limit of " + limit
                        + " bytes (verifiedproxy.proxy.max-request-bytes).", "invalid_request_error", null, "body_too_large"));
            }
            throw e;
        }
    }

    /** The request's Content-Length, or -1 when absent or not a number (chunked bodies have none). */
    private static long declaredLength(ProxiedRequest request) {
        try {
            return request.header("Content-Length").map(v -> Long.parseLong(v.strip())).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The held NEAR key replaces whatever the client sent; otherwise the client's own key passes through. */
    private String upstreamAuthorization(ProxiedRequest request) {
        return config.find(ConfigKeys.API_KEY).map(key -> "Bearer " + key)
                .orElseGet(() -> request.header("Authorization").orElse(null));
    }

    private Response relay(ProxiedRequest request, BackendResponse response, ProxyExchange exchange) {
        Response.ResponseBuilder builder = Response.status(response.status());
        for (Map.Entry<String, String> header : HeaderPolicy.downstreamHeaders(response.headers())) {
            builder.header(header.getKey(), header.getValue());
        }
        verificationHeaders(response.verification()).forEach(builder::header);
        exchange.responseHeaders(response).forEach(builder::header);
        boolean sse = response.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Type")
                && h.getValue().toLowerCase(Locale.ROOT).startsWith("text/event-stream"));
        if (sse) {
            builder.header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        }
        if (request.method().equals("HEAD") || response.status() == 204 || response.status() == 304) {
            releaseBodiless(response);
            return builder.build();
        }
        if (exchange.readsWholeAnswer(response, sse)) {
            return builder.entity(exchange.readWholeAnswer(response)).build();
        }
        StreamingOutput body = out -> exchange.relay(response, out, sse);
        return builder.entity(body).build();
    }

    /**
     * Ends an answer that has no body by definition (HEAD, 204, 304). HttpCore gives it none, so the
     * first read is the end, and a response read to its end returns its verified connection to the
     * pool; closed unread it would throw the connection away and cost the next request a handshake.
     * A byte there would mean a broken backend: that connection is closed.
     */
    private static void releaseBodiless(BackendResponse response) {
        try {
            if (response.body().read() < 0) {
                response.close();
                return;
            }
        } catch (IOException e) {
            // Not reusable: aborted below.
        }
        response.abort();
    }

    static Map<String, String> verificationHeaders(VerifiedBackend verification) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        AttestationOutcome outcome = verification.outcome();
        headers.put(ProxyHeaders.BACKEND, verification.domain());
        headers.put(ProxyHeaders.SPKI, verification.spki().hex());
        headers.put(ProxyHeaders.VERIFIED_AT, verification.verifiedAt().toString());
        headers.put(ProxyHeaders.VERIFIED_UNTIL, verification.expiresAt().toString());
        if (outcome.tcbStatus() != null) {
            headers.put(ProxyHeaders.TCB_STATUS, outcome.tcbStatus());
        }
        if (outcome.signingAddress() != null) {
            headers.put(ProxyHeaders.SIGNING_ADDRESS, outcome.signingAddress());
        }
        if (outcome.modelName() != null) {
            headers.put(ProxyHeaders.ATTESTED_MODEL, outcome.modelName());
        }
        if (outcome.evidenceId() != null) {
            headers.put(ProxyHeaders.EVIDENCE, outcome.evidenceId());
        }
        return headers;
    }

    static ApiException upstreamError(TransportException e) {
        if (e.refusal().isPresent()) {
            // The gateway refused this client's own credential: its answer, not a failure of the backend.
            LOG.log(Level.INFO, "{0}", e.getMessage());
            return new ApiException(refusalError(e.refusal().get()), e);
        }
        String code = switch (e.failure()) {
            case ATTESTATION_REJECTED -> "attestation_failed";
            case ATTESTATION_UNAVAILABLE -> "attestation_unavailable";
            case TIMEOUT -> "upstream_timeout";
            case UNREACHABLE, TLS_HANDSHAKE -> "upstream_unreachable";
            case PROTOCOL, IO -> "upstream_error";
            case CREDENTIAL_WITHHELD -> "credential_withheld";
            case CREDENTIAL_REFUSED -> "credential_refused";
        };
        String hint = e.failure() == TransportFailure.ATTESTATION_REJECTED
                ? " The request was not sent: verified-proxy only forwards to backends it has proved genuine." : "";
        LOG.log(Level.WARNING, "{0}", e.getMessage());
        return new ApiException(new ApiError(e.failure().httpStatus(), e.getMessage() + "." + hint, "upstream_error",
                null, code), e);
    }

    /** The gateway's refusal of a client's credential, as the gateway answered it (OpenAI error, its status). */
    private static ApiError refusalError(GatewayRefusal refusal) {
        return new ApiError(refusal.status(), refusal.message(),
                refusal.type() == null ? ApiError.typeFor(refusal.status()) : refusal.type(), refusal.param(), refusal.code());
    }

    /** Direct mode has no single backend to ask for {@code /v1/models}: answer from the registry. */
    private Response modelList() {
        EndpointDirectory directory;
        try {
            directory = router.directory();
        } catch (RouteException e) {
            throw new ApiException(new ApiError(e.reason().status(), e.getMessage(), e.reason().type(), null, e.reason().code()));
        }
        JsonArrayBuilder data = JSON.createArrayBuilder();
        long created = directory.fetchedAt().getEpochSecond();
        for (String model : new TreeSet<>(directory.domainByModel().keySet())) {
            data.add(JSON.createObjectBuilder().add("id", model).add("object", "model").add("created", created)
                    .add("owned_by", directory.domainFor(model).orElse("near-ai")));
        }
        return Response.ok(JSON.createObjectBuilder().add("object", "list").add("data", data).build().toString())
                .type("application/json").build();
    }
}
