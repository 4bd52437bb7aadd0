package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import jakarta.json.JsonObject;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * One side of one E2EE exchange: the headers, the field codec and the body transformations.
 * The client (the proxy) encrypts request fields to the model key and decrypts response fields;
 * the model TEE does the opposite. One session per request.
 */
public final class E2eeSession {

    public enum Role {
        /** The proxy, encrypting for an attested model key on behalf of an application. */
        CLIENT,
        /** The model TEE (inference-proxy): in this project only the simulated backend of the tests. */
        MODEL
    }

    private final Role role;
    private final E2eeHeaders headers;
    private final FieldCodec codec;

    private E2eeSession(Role role, E2eeHeaders headers, FieldCodec codec) {
        this.role = role;
        this.headers = headers;
        this.codec = codec;
    }

    /**
     * The proxy's side, with a fresh client key pair. The model key must be the
     * {@code signing_public_key} of a verified attestation of the backend the request goes to,
     * for the chosen algorithm, never a key from an unverified source.
     *
     * @param version   {@link E2eeVersion#V2} is recommended for ed25519; ecdsa has a single scheme
     * @param allFields whether to send {@code X-Encrypt-All-Fields: true}
     */
    public static E2eeSession startClient(E2eePublicKey modelKey, E2eeVersion version, boolean allFields,
                                          SecureRandom random) {
        E2eeVersion effective = modelKey.algo() == SigningAlgo.ECDSA ? E2eeVersion.V1 : version;
        E2eePrivateKey clientKey = E2eePrivateKey.generate(modelKey.algo(), random);
        E2eeHeaders headers = new E2eeHeaders(modelKey.algo(), clientKey.publicKey(), effective, allFields,
                Optional.of(modelKey));
        return new E2eeSession(Role.CLIENT, headers, FieldCodec.forClient(clientKey, modelKey, effective, random));
    }

    /**
     * The model's side of a request that carried {@code headers}.
     *
     * @param modelKey the model's private key of the algorithm the headers name
     * @throws E2eeException {@link E2eeFailure#KEY_ALGORITHM_MISMATCH} for a key of the other algorithm
     */
    public static E2eeSession acceptAsModel(E2eeHeaders headers, E2eePrivateKey modelKey, SecureRandom random) {
        return new E2eeSession(Role.MODEL, headers, FieldCodec.forModel(modelKey, headers.clientPublicKey(),
                headers.version(), random));
    }

    public Role role() {
        return role;
    }

    /** The client sends these upstream (drop {@code X-Model-Pub-Key} for direct endpoints). */
    public E2eeHeaders headers() {
        return headers;
    }

    /** For fields outside JSON bodies, e.g. the multipart {@code prompt} of transcriptions and image edits. */
    public FieldCodec codec() {
        return codec;
    }

    /** The request body as this side passes it on: the client encrypts its fields, the model decrypts them. */
    public JsonObject transformRequest(E2eeEndpoint endpoint, JsonObject body) {
        return role == Role.CLIENT ? E2eeFields.sealRequest(endpoint, body, headers.allFields(), codec)
                : E2eeFields.openRequest(endpoint, body, headers.allFields(), codec);
    }

    /**
     * A response body, or one SSE chunk, as this side passes it on: the model encrypts its fields,
     * the client decrypts them.
     */
    public JsonObject transformResponse(E2eeEndpoint endpoint, JsonObject body) {
        return role == Role.MODEL ? E2eeFields.sealResponse(endpoint, body, headers.allFields(), codec)
                : E2eeFields.openResponse(endpoint, body, headers.allFields(), codec);
    }

    /** {@link #transformResponse} for each {@code data:} line of a streamed response. */
    public SseLineTransformer responseStreamTransformer(E2eeEndpoint endpoint) {
        return new SseLineTransformer(chunk -> transformResponse(endpoint, chunk));
    }
}
