package dev.verifiedproxy.proxy;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.e2ee.E2eeEndpoint;
import dev.verifiedproxy.e2ee.E2eeException;
import dev.verifiedproxy.e2ee.E2eeFailure;
import dev.verifiedproxy.e2ee.E2eeFields;
import dev.verifiedproxy.e2ee.E2eeHeaders;
import dev.verifiedproxy.e2ee.E2eePublicKey;
import dev.verifiedproxy.e2ee.E2eeSession;
import dev.verifiedproxy.e2ee.E2eeVersion;
import dev.verifiedproxy.e2ee.SseLineTransformer;
import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.BackendRequest;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.transport.VerifiedBackend;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;


/**
 * The proxy's E2EE mode for one request (protocol.md §7): the application sends plaintext; the
 * proxy encrypts the request's prompt fields to the model key of the attested backend whose
 * connection carries the request (never a key from anywhere else), replaces any E2EE headers the
 * application sent with its own, and decrypts every answer field and SSE delta before the
 * application sees them. Problems with the request are 400; an answer that does not decrypt is
 * 502 (or, mid-stream, a final error event). One instance per request.
 */
final class E2eeForwarding {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final E2eeVersion version;
    private final boolean allFields;
    private final E2eeEndpoint endpoint;
    private final JsonObject plaintext;
    private final SigningAlgo algo;
    private final long maxAnswerBytes;
    private E2eeSession session;

    private E2eeForwarding(E2eeVersion version, boolean allFields, E2eeEndpoint endpoint, JsonObject plaintext,
                           SigningAlgo algo, long maxAnswerBytes) {
        this.version = version;
        this.allFields = allFields;
        this.endpoint = endpoint;
        this.plaintext = plaintext;
        this.algo = algo;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * Whether E2EE applies to this request: the configured mode, or the client's
     * {@link ProxyHeaders#E2EE} header. Requests without a body have nothing to encrypt and pass as
     * they are; a body for an endpoint NEAR does not encrypt, that is not a JSON object, or that
     * has a prompt field in a shape NEAR cannot encrypt (e.g. token ids) is refused rather than
     * sent in the clear, before any connection is made.
     *
     * @throws ApiException 400 for a bad header value, a refused opt-out, or a body E2EE cannot cover
     */
    static Optional<E2eeForwarding> plan(ProxyConfig config, ProxiedRequest request, byte[] body) {
        Optional<E2eeVersion> version = requestedVersion(config, request);
        if (version.isEmpty() || body == null || request.method().equals("GET") || request.method().equals("HEAD")) {
            return Optional.empty();
        }
        E2eeEndpoint endpoint = E2eeEndpoint.fromPath(request.path()).orElseThrow(() -> refused(
                "NEAR AI offers no end-to-end encryption for /" + request.path() + ", and E2EE is on for this request: "
                        + "it was not sent in the clear.", "e2ee_unsupported_endpoint"));
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (endpoint == E2eeEndpoint.IMAGES_EDITS || endpoint == E2eeEndpoint.AUDIO_TRANSCRIPTIONS
                || contentType.startsWith("multipart/")) {
            throw refused("The proxy encrypts JSON bodies only; this " + (contentType.isEmpty() ? "request" : contentType)
                    + " body for /" + request.path() + " was not sent in the clear.", "e2ee_unsupported_body");
        }
        JsonObject json = jsonObject(body).orElseThrow(() -> refused(
                "E2EE needs a JSON object body to encrypt its fields; this one is not.", "e2ee_invalid_body"));
        boolean allFields = config.get(ConfigKeys.E2EE_ALL_FIELDS);
        try {
            E2eeFields.requireEncryptable(endpoint, json, allFields);
        } catch (E2eeException e) {
            throw unencryptable(e);
        }
        SigningAlgo algo = SigningAlgo.fromWire(config.get(ConfigKeys.SIGNING_ALGO)).orElseThrow();
        return Optional.of(new E2eeForwarding(version.get(), allFields, endpoint, json, algo,
                config.get(ConfigKeys.E2EE_MAX_RESPONSE)));
    }

    private static Optional<E2eeVersion> requestedVersion(ProxyConfig config, ProxiedRequest request) {
        ConfigKeys.E2eeMode mode = config.get(ConfigKeys.E2EE_MODE);
        Optional<E2eeVersion> configured = switch (mode) {
            case OFF -> Optional.empty();
            case V1 -> Optional.of(E2eeVersion.V1);
            case V2 -> Optional.of(E2eeVersion.V2);
        };
        Optional<String> asked = request.header(ProxyHeaders.E2EE).map(v -> v.strip().toLowerCase(Locale.ROOT));
        if (asked.isEmpty()) {
            return configured;
        }
        return switch (asked.get()) {
            case "on", "true" -> Optional.of(configured.orElse(E2eeVersion.V2));
            case "v1", "1" -> Optional.of(E2eeVersion.V1);
            case "v2", "2" -> Optional.of(E2eeVersion.V2);
            case "off", "false" -> {
                if (configured.isPresent() && !config.get(ConfigKeys.E2EE_ALLOW_OPT_OUT)) {
                    throw new ApiException(new ApiError(400, "E2EE is required by this proxy ("
                            + ConfigKeys.E2EE_MODE.name() + "); " + ProxyHeaders.E2EE + ": off is not allowed ("
                            + ConfigKeys.E2EE_ALLOW_OPT_OUT.name() + ").", "invalid_request_error", ProxyHeaders.E2EE,
                            "e2ee_opt_out_refused"));
                }
                yield Optional.empty();
            }
            default -> throw new ApiException(new ApiError(400, ProxyHeaders.E2EE
                    + " must be on, off, v1 or v2 (the E2EE version); got an unknown value.", "invalid_request_error",
                    ProxyHeaders.E2EE, "invalid_e2ee_mode"));
        };
    }

    /**
     * The request to send on a connection verified as {@code backend}: fields encrypted to its
     * attested model key, the application's E2EE headers replaced by the session's.
     *
     * @throws ApiException 502 when the attestation carries no usable model key (nothing is sent)
     */
    BackendRequest seal(VerifiedBackend backend, BackendRole role, BackendRequest plain) {
        AttestationOutcome attested = backend.outcome();
        if (!attested.verified() || attested.signingPublicKey() == null) {
            throw noModelKey(backend, "its verified attestation carries no signing_public_key");
        }
        E2eePublicKey modelKey;
        try {
            modelKey = E2eePublicKey.parse(algo, attested.signingPublicKey());
        } catch (E2eeException e) {
            throw noModelKey(backend, "its attested signing_public_key is not a valid " + algo.wireName() + " key ("
                    + e.reason().message() + ")");
        }
        session = E2eeSession.startClient(modelKey, version, allFields, RANDOM);
        JsonObject sealed;
        try {
            sealed = session.transformRequest(endpoint, plaintext);
        } catch (E2eeException e) {
            if (e.reason() == E2eeFailure.UNENCRYPTABLE_VALUE) {
                throw unencryptable(e); // plan() already refuses these; kept so that sealing alone is safe too
            }
            throw new ApiException(new ApiError(400, "The request could not be encrypted: " + e.getMessage() + ".",
                    "invalid_request_error", e.field().orElse(null), "e2ee_invalid_body"), e);
        }
        E2eeHeaders headers = role == BackendRole.GATEWAY ? session.headers() : session.headers().withoutModelPublicKey();
        List<Map.Entry<String, String>> upstream = new ArrayList<>();
        for (Map.Entry<String, String> header : plain.headers()) {
            if (E2eeHeaders.NAMES.stream().noneMatch(name -> name.equalsIgnoreCase(header.getKey()))) {
                upstream.add(header);
            }
        }
        headers.toMap().forEach((name, value) -> upstream.add(new AbstractMap.SimpleImmutableEntry<>(name, value)));
        return new BackendRequest(plain.method(), plain.pathAndQuery(), upstream,
                sealed.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** For the response header: e.g. {@code ed25519/v2}; {@code ecdsa/v1} (ecdsa has one scheme). */
    String describe() {
        return session.headers().algo().wireName() + "/v" + session.headers().version().headerValue();
    }

    long maxAnswerBytes() {
        return maxAnswerBytes;
    }

    int maxLineBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, maxAnswerBytes);
    }

    /**
     * A whole JSON answer with its fields decrypted.
     *
     * @throws ApiException 502 naming the field that does not decrypt, or when the answer is not a JSON object
     */
    byte[] open(byte[] answer, String domain) {
        JsonObject json = jsonObject(answer).orElseThrow(() -> undecryptable(domain,
                "the answer is not a JSON object", null));
        try {
            return session.transformResponse(endpoint, json).toString().getBytes(StandardCharsets.UTF_8);
        } catch (E2eeException e) {
            throw undecryptable(domain, e.getMessage(), e);
        }
    }

    /** Decrypts the fields of each {@code data:} line of an SSE answer; throws {@link E2eeException} on failure. */
    SseLineTransformer streamOpener() {
        return session.responseStreamTransformer(endpoint);
    }

    static ApiException undecryptable(String domain, String why, Throwable cause) {
        return new ApiException(new ApiError(502, "The answer from " + domain + " could not be decrypted (" + why
                + "); it was not passed on.", "upstream_error", null, "e2ee_decryption_failed"), cause);
    }

    private static ApiException noModelKey(VerifiedBackend backend, String why) {
        return new ApiException(new ApiError(502, "E2EE cannot start for " + backend.domain() + ": " + why
                + ". The request was not sent.", "upstream_error", null, "e2ee_no_model_key"));
    }

    /** 400 naming the JSON path of the field, e.g. {@code prompt[0]} for token ids. */
    private static ApiException unencryptable(E2eeException e) {
        return new ApiException(new ApiError(400, e.getMessage() + ". E2EE is on for this request: it was not sent "
                + "in the clear.", "invalid_request_error", e.field().orElse(null), "e2ee_unsupported_body"), e);
    }

    private static ApiException refused(String message, String code) {
        return new ApiException(new ApiError(400, message, "invalid_request_error", null, code));
    }

    private static Optional<JsonObject> jsonObject(byte[] bytes) {
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(value.asJsonObject()) : Optional.empty();
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
