package dev.verifiedproxy.gpu;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * NRAS's JSON Web Key Set (gpu.md §2.3): EC P-384 keys by {@code kid}, each with an {@code x5c}
 * chain (leaf, NRAS intermediate) whose leaf must hold the same key. Parsing and consistency only:
 * whether a key's chain is trusted is {@link NrasKeyTrust}'s decision. Keys that are not EC P-384
 * signing keys, whose point is not on the curve, whose {@code x5c} leaf holds another key, or whose
 * {@code kid} occurs twice are kept only as "unusable" with the reason, so that a token naming them
 * fails with that reason rather than as unknown.
 */
public final class JsonWebKeySet {

    /** NVIDIA's set holds 32-36 keys; a set with more than this is refused. */
    public static final int MAX_KEYS = 256;
    /** NVIDIA's chains hold two certificates (leaf, intermediate); a longer one is refused unread. */
    static final int MAX_CHAIN = 4;
    private static final int P384_COORDINATE_BYTES = 48;

    private final String json;
    private final Map<String, Key> keys;
    private final Map<String, Unusable> unusable;

    /**
     * A usable key.
     *
     * @param kid       its key id
     * @param publicKey the EC P-384 public key from {@code x}/{@code y}
     * @param chain     the {@code x5c} certificates in order (leaf first, holding {@code publicKey}); empty if
     *                  the JWK has none
     */
    public record Key(String kid, ECPublicKey publicKey, List<X509Certificate> chain) {
        public Key {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(publicKey, "publicKey");
            chain = List.copyOf(chain);
        }

        /** The leaf certificate, {@code x5c[0]}, if the JWK has one. */
        public Optional<X509Certificate> certificate() {
            return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
        }
    }

    /**
     * Why a key of the set cannot be used.
     *
     * @param failure {@link GpuFailure#JWKS_KEY_UNUSABLE} or {@link GpuFailure#JWKS_KEY_CERT_MISMATCH}
     * @param detail  what is wrong with it
     */
    public record Unusable(GpuFailure failure, String detail) {
        public Unusable {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private JsonWebKeySet(String json, Map<String, Key> keys, Map<String, Unusable> unusable) {
        this.json = json;
        this.keys = Collections.unmodifiableMap(keys);
        this.unusable = Collections.unmodifiableMap(unusable);
    }

    /** @throws GpuFormatException with {@link GpuFailure#JWKS_MALFORMED} */
    public static JsonWebKeySet parse(String json) throws GpuFormatException {
        JsonValue value = GpuJson.read(json, GpuFailure.JWKS_MALFORMED, "the NRAS key set");
        if (!(value instanceof JsonObject object) || !(object.get("keys") instanceof JsonArray list)) {
            throw malformed("is not an object with a \"keys\" array");
        }
        if (list.size() > MAX_KEYS) {
            throw malformed("holds " + list.size() + " keys, more than " + MAX_KEYS);
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        Map<String, Unusable> unusable = new HashMap<>();
        for (JsonValue entry : list) {
            if (!(entry instanceof JsonObject jwk) || !(jwk.get("kid") instanceof JsonString kidValue)) {
                throw malformed("has a key without a string \"kid\"");
            }
            String kid = kidValue.getString();
            if (keys.containsKey(kid) || unusable.containsKey(kid)) {
                keys.remove(kid);
                unusable.put(kid, new Unusable(GpuFailure.JWKS_KEY_UNUSABLE, "the key id occurs more than once in the key set"));
                continue;
            }
            try {
                keys.put(kid, key(kid, jwk));
            } catch (GpuFormatException e) {
                unusable.put(kid, new Unusable(e.reason(), e.getMessage()));
            }
        }
        return new JsonWebKeySet(json, keys, unusable);
    }

    /** The usable key with this id. */
    public Optional<Key> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Why the key with this id cannot be used, if the set has such a key. */
    public Optional<Unusable> unusable(String kid) {
        return Optional.ofNullable(unusable.get(kid));
    }

    /** {@link #unusable}'s detail alone. */
    public Optional<String> unusableReason(String kid) {
        return unusable(kid).map(Unusable::detail);
    }

    /** Whether the set has any entry, usable or not, with this id. */
    public boolean names(String kid) {
        return keys.containsKey(kid) || unusable.containsKey(kid);
    }

    public Set<String> kids() {
        return keys.keySet();
    }

    /** The key set exactly as parsed. */
    public String json() {
        return json;
    }

    private static Key key(String kid, JsonObject jwk) throws GpuFormatException {
        requireMember(jwk, "kty", "EC");
        requireMember(jwk, "crv", "P-384");
        if (jwk.containsKey("alg")) {
            requireMember(jwk, "alg", "ES384");
        }
        if (jwk.containsKey("use")) {
            requireMember(jwk, "use", "sig");
        }
        BigInteger x = coordinate(jwk, "x");
        BigInteger y = coordinate(jwk, "y");
        ECPublicKey publicKey;
        try {
            ECParameterSpec p384 = p384();
            if (!onCurve(p384.getCurve(), x, y)) {
                throw unusableKey("the point (x, y) is not on P-384");
            }
            publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p384));
        } catch (GeneralSecurityException e) {
            throw unusableKey("the key cannot be built: " + e.getMessage());
        }
        List<X509Certificate> chain = chain(jwk);
        if (!chain.isEmpty() && !(chain.get(0).getPublicKey() instanceof ECPublicKey certified
                && certified.getW().equals(publicKey.getW()))) {
            throw new GpuFormatException(GpuFailure.JWKS_KEY_CERT_MISMATCH,
                    "the x5c[0] certificate holds a different key than x/y");
        }
        return new Key(kid, publicKey, chain);
    }

    private static List<X509Certificate> chain(JsonObject jwk) throws GpuFormatException {
        JsonValue x5c = jwk.get("x5c");
        if (x5c == null) {
            return List.of();
        }
        if (!(x5c instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_CHAIN) {
            throw unusableKey("x5c is not an array of 1 to " + MAX_CHAIN + " strings");
        }
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString text)) {
                throw unusableKey("x5c is not an array of 1 to " + MAX_CHAIN + " strings");
            }
            try {
                // x5c holds standard base64 DER (RFC 7517 §4.7), not base64url and not PEM.
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(text.getString()))));
            } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
                throw unusableKey("x5c[" + i + "] is not a base64 DER certificate: " + e.getMessage());
            }
        }
        return chain;
    }

    private static void requireMember(JsonObject jwk, String name, String expected) throws GpuFormatException {
        if (!(jwk.get(name) instanceof JsonString value) || !value.getString().equals(expected)) {
            throw unusableKey("\"" + name + "\" is " + jwk.get(name) + ", not \"" + expected + "\"");
        }
    }

    private static BigInteger coordinate(JsonObject jwk, String name) throws GpuFormatException {
        if (!(jwk.get(name) instanceof JsonString value)) {
            throw unusableKey("\"" + name + "\" is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value.getString());
        } catch (IllegalArgumentException e) {
            throw unusableKey("\"" + name + "\" is not base64url");
        }
        if (bytes.length != P384_COORDINATE_BYTES) {
            throw unusableKey("\"" + name + "\" has " + bytes.length + " bytes, not " + P384_COORDINATE_BYTES);
        }
        return new BigInteger(1, bytes);
    }

    static ECParameterSpec p384() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp384r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    /** y² = x³ + ax + b over the curve's prime field, with both coordinates reduced. */
    static boolean onCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    private static GpuFormatException malformed(String why) {
        return new GpuFormatException(GpuFailure.JWKS_MALFORMED, "the NRAS key set " + why);
    }

    private static GpuFormatException unusableKey(String why) {
        return new GpuFormatException(GpuFailure.JWKS_KEY_UNUSABLE, why);
    }
}
