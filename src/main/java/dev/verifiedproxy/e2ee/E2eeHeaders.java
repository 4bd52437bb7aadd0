package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The E2EE request headers (protocol.md §7.1).
 *
 * @param algo            {@code X-Signing-Algo}: the key type of both directions
 * @param clientPublicKey {@code X-Client-Pub-Key}: responses are encrypted to it
 * @param version         {@code X-Encryption-Version}: 1 (default) or 2; only matters for ed25519
 * @param allFields       {@code X-Encrypt-All-Fields: true}: tool calls, names, refusals, logprobs too
 * @param modelPublicKey  {@code X-Model-Pub-Key}: the gateway routes to a backend holding this key
 *                        (never forwarded to the model); direct endpoints ignore it
 */
public record E2eeHeaders(SigningAlgo algo, E2eePublicKey clientPublicKey, E2eeVersion version, boolean allFields,
                          Optional<E2eePublicKey> modelPublicKey) {

    public static final String SIGNING_ALGO = "X-Signing-Algo";
    public static final String CLIENT_PUB_KEY = "X-Client-Pub-Key";
    public static final String ENCRYPTION_VERSION = "X-Encryption-Version";
    public static final String ENCRYPT_ALL_FIELDS = "X-Encrypt-All-Fields";
    public static final String MODEL_PUB_KEY = "X-Model-Pub-Key";

    /** Every E2EE header, e.g. to strip an application's own before the proxy adds its set. */
    public static final List<String> NAMES = List.of(SIGNING_ALGO, CLIENT_PUB_KEY, ENCRYPTION_VERSION,
            ENCRYPT_ALL_FIELDS, MODEL_PUB_KEY);

    /** Header access; names are matched case-insensitively by the implementation. */
    @FunctionalInterface
    public interface Lookup {
        /** All values of a header, empty when absent. */
        List<String> values(String name);
    }

    public E2eeHeaders {
        if (clientPublicKey.algo() != algo || modelPublicKey.filter(k -> k.algo() != algo).isPresent()) {
            throw new E2eeException(E2eeFailure.KEY_ALGORITHM_MISMATCH, "keys must be of " + algo.wireName());
        }
    }

    /** The scheme both directions use. */
    public E2eeScheme scheme() {
        return E2eeScheme.of(algo, version);
    }

    /** For direct endpoints, which have no use for the routing key. */
    public E2eeHeaders withoutModelPublicKey() {
        return new E2eeHeaders(algo, clientPublicKey, version, allFields, Optional.empty());
    }

    /**
     * Reads the headers as NEAR does. No {@code X-Signing-Algo} and no {@code X-Client-Pub-Key}:
     * no E2EE (empty). One without the other, an unknown algorithm or version, a key that is not
     * hex, of the wrong length or not a curve point, or a header given twice: an
     * {@link E2eeException} naming the header.
     */
    public static Optional<E2eeHeaders> parse(Lookup headers) {
        Optional<String> algoName = single(headers, SIGNING_ALGO);
        Optional<String> clientKey = single(headers, CLIENT_PUB_KEY);
        if (algoName.isEmpty() && clientKey.isEmpty()) {
            return Optional.empty();
        }
        if (algoName.isEmpty() || clientKey.isEmpty()) {
            throw new E2eeException(E2eeFailure.HEADERS_INCOMPLETE);
        }
        SigningAlgo algo = SigningAlgo.fromWire(algoName.get().trim())
                .orElseThrow(() -> new E2eeException(E2eeFailure.UNKNOWN_SIGNING_ALGO).inHeader(SIGNING_ALGO));
        E2eePublicKey client = key(algo, clientKey.get(), CLIENT_PUB_KEY);
        E2eeVersion version;
        try {
            version = E2eeVersion.fromHeader(single(headers, ENCRYPTION_VERSION).orElse(null));
        } catch (E2eeException e) {
            throw e.inHeader(ENCRYPTION_VERSION);
        }
        boolean allFields = single(headers, ENCRYPT_ALL_FIELDS).map(E2eeHeaders::isTrue).orElse(false);
        Optional<E2eePublicKey> model = single(headers, MODEL_PUB_KEY).map(hex -> key(algo, hex, MODEL_PUB_KEY));
        return Optional.of(new E2eeHeaders(algo, client, version, allFields, model));
    }

    /**
     * The headers to send, in a stable order. The version header is sent only where it has an
     * effect (ed25519, version 2); the all-fields header only when on.
     */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(SIGNING_ALGO, algo.wireName());
        map.put(CLIENT_PUB_KEY, clientPublicKey.hex());
        if (algo == SigningAlgo.ED25519 && version == E2eeVersion.V2) {
            map.put(ENCRYPTION_VERSION, version.headerValue());
        }
        if (allFields) {
            map.put(ENCRYPT_ALL_FIELDS, "true");
        }
        modelPublicKey.ifPresent(key -> map.put(MODEL_PUB_KEY, key.hex()));
        return map;
    }

    // inference-proxy accepts "true" in any case, and "1".
    private static boolean isTrue(String value) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        return trimmed.equals("true") || trimmed.equals("1");
    }

    private static E2eePublicKey key(SigningAlgo algo, String hex, String header) {
        try {
            return E2eePublicKey.parse(algo, hex.trim());
        } catch (E2eeException e) {
            throw e.inHeader(header);
        }
    }

    private static Optional<String> single(Lookup headers, String name) {
        List<String> values = headers.values(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new E2eeException(E2eeFailure.DUPLICATE_HEADER).inHeader(name);
        }
        return Optional.of(values.get(0));
    }
}
