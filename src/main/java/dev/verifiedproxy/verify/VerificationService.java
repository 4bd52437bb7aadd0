package dev.verifiedproxy.verify;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.attestation.verifier.AttestationVerifier;
import dev.verifiedproxy.attestation.verifier.EvidenceArchive;
import dev.verifiedproxy.attestation.verifier.Verification;
import dev.verifiedproxy.attestation.verifier.VerificationRequest;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.JsonInput;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.routing.Route;
import dev.verifiedproxy.routing.RouteException;
import dev.verifiedproxy.routing.Router;
import dev.verifiedproxy.transport.AttestationRequest;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.GatewayRefusal;
import dev.verifiedproxy.transport.TransportException;
import dev.verifiedproxy.transport.TransportFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * What the verdict endpoints do, behind thin resources: an evidence bundle re-verified offline; a model
 * backend or the gateway attested now, on a connection of its own, with a fresh nonce, and its evidence
 * archived; an archived bundle looked up. A backend that fails verification is a 200 verdict with
 * {@code verified: false}; bad input is a 4xx and an unreachable backend a 502/504, as OpenAI errors.
 */
@ApplicationScoped
public class VerificationService {

    @Inject
    AttestationVerifier verifier;

    @Inject
    CollateralSource collateral;

    @Inject
    EvidenceArchive archive;

    @Inject
    Router router;

    @Inject
    BackendClient client;

    @Inject
    ProxyConfig config;

    /** {@code POST /verify/bundle}: the bundle's verdict, computed with what it holds and no network. */
    public JsonObject bundle(JsonObject body) {
        try {
            return verifier.verifyOffline(EvidenceBundle.fromJson(body)).verdict().toJson();
        } catch (MalformedEvidenceException e) {
            throw new ApiException(new ApiError(400, "The evidence bundle is invalid at " + e.path() + ": " + e.getMessage(),
                    "invalid_request_error", e.path(), e.reason().code()));
        }
    }

    /**
     * {@code GET /verify/model/{model}}: the model's backend, routed as the proxy routes it, verified now; the report
     * must attest that very model (in gateway mode the gateway's report with that model's attestation).
     */
    public JsonObject model(String model, String callerAuthorization) {
        Route route;
        try {
            route = router.route(null, model);
        } catch (RouteException e) {
            throw new ApiException(new ApiError(e.reason().status(), e.getMessage(), e.reason().type(), "model",
                    e.reason().code()));
        }
        return live(route, callerAuthorization);
    }

    /** {@code GET /verify/gateway}: the configured NEAR AI gateway, verified now. */
    public JsonObject gateway(String callerAuthorization) {
        return live(router.gateway(null), callerAuthorization);
    }

    /** {@code GET /verify/evidence/{id}}: an archived bundle, exactly as stored. */
    public Optional<byte[]> evidence(String id) {
        return archive.find(id).map(EvidenceArchive.Archived::bundle);
    }

    private JsonObject live(Route route, String callerAuthorization) {
        // Like the proxy: the held API key replaces the caller's (the gateway requires one for its report).
        String authorization = config.find(ConfigKeys.API_KEY).map(key -> "Bearer " + key).orElse(callerAuthorization);
        // Only the gateway's report request carries it; a model CVM's report is unauthenticated (protocol.md §0).
        BackendTarget target = BackendTarget.withCredential(route.endpoint(), route.role(), route.model(), authorization);
        AttestationRequest fetched;
        try {
            fetched = client.fetchReport(target);
        } catch (TransportException e) {
            throw unreachable(e);
        }
        JsonObject report;
        try {
            report = JsonInput.object(JsonInput.parse(fetched.reportBody(), config.get(ConfigKeys.ATTESTATION_MAX_BYTES), "$"),
                    "$");
        } catch (MalformedEvidenceException e) {
            throw new ApiException(new ApiError(502, "The attestation report of " + fetched.domain()
                    + " is not a JSON object: " + e.getMessage(), "upstream_error", null, "attestation_unavailable"));
        }
        // The report must attest the model it was asked for: behind the gateway, that model's attestation must be
        // in it; a model CVM's model_name must be it. /verify/gateway asks for none.
        Verification verification = verifier.verifyLive(new VerificationRequest(report, new Nonce(Hex.encode(fetched.nonce())),
                fetched.at(), Optional.of(fetched.liveSpki().hex()), Optional.of(fetched.domain()),
                Optional.ofNullable(fetched.model())), collateral);
        JsonObjectBuilder answer = JSON.createObjectBuilder(verification.verdict().toJson()).add("backend", fetched.domain());
        archive.store(verification).ifPresent(id -> answer.add("evidenceId", id));
        return answer.build();
    }

    private static ApiException unreachable(TransportException e) {
        if (e.refusal().isPresent()) {
            // The gateway refused the caller's own credential: answered with the gateway's status and error.
            GatewayRefusal refusal = e.refusal().get();
            return new ApiException(new ApiError(refusal.status(), refusal.message(), refusal.type() == null
                    ? ApiError.typeFor(refusal.status()) : refusal.type(), refusal.param(), refusal.code()), e);
        }
        String code = switch (e.failure()) {
            case TIMEOUT -> "upstream_timeout";
            case ATTESTATION_UNAVAILABLE, ATTESTATION_REJECTED -> "attestation_unavailable";
            case CREDENTIAL_WITHHELD -> "credential_withheld";
            default -> "upstream_unreachable";
        };
        int status = e.failure() == TransportFailure.TIMEOUT ? 504 : 502;
        return new ApiException(new ApiError(status, e.getMessage() + ".", "upstream_error", null, code), e);
    }
}
