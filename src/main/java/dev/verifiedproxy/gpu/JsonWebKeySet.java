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
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * NRAS's JSON Web Key Set (gpu.md §2.3): EC P-384 keys by {@code kid}, each usually with an
 * {@code x5c} certificate whose key must be the same. Keys that are not EC P-384 signing keys,
 * whose point is not on the curve, whose {@code x5c} certificate holds another key, or whose
 * {@code kid} occurs twice are kept only as "unusable" with the reason, so that a token naming
 * them fails with that reason rather than as unknown.
 */
public final class JsonWebKeySet {

    /** NVIDIA's set holds 32-36 keys; a set with more than this is refused. */
    public static final int MAX_KEYS = 256;
    private static final int P384_COORDINATE_BYTES = 48;

    private final String json;
    private final Map<String, Key> keys;
    private final Map<String, String> unusable;

    /**
     * A usable key.
     *
     * @param kid         its key id
     * @param publicKey   the EC P-384 public key from {@code x}/{@code y}
     * @param certificate the first {@code x5c} certificate, holding the same key, if the JWK has one
     */
    public record Key(String kid, ECPublicKey publicKey, Optional<X509Certificate> certificate) {
        public Key {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    private JsonWebKeySet(String json, Map<String, Key> keys, Map<String, String> unusable) {
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
        Map<String, String> unusable = new HashMap<>();
        for (JsonValue entry : list) {
            if (!(entry instanceof JsonObject jwk) || !(jwk.get("kid") instanceof JsonString kidValue)) {
                throw malformed("has a key without a string \"kid\"");
            }
            String kid = kidValue.getString();
            if (keys.containsKey(kid) || unusable.containsKey(kid)) {
                keys.remove(kid);
                unusable.put(kid, "the key id occurs more than once in the key set");
                continue;
            }
            try {
                keys.put(kid, key(kid, jwk));
            } catch (GpuFormatException e) {
                unusable.put(kid, e.getMessage());
            }
        }
        return new JsonWebKeySet(json, keys, unusable);
    }

    /** The usable key with this id. */
    public Optional<Key> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** Why the key with this id cannot be used, if the set has such a key. */
    public Optional<String> unusableReason(String kid) {
        return Optional.ofNullable(unusable.get(kid));
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
                throw unusable("the point (x, y) is not on P-384");
            }
            publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p384));
        } catch (GeneralSecurityException e) {
            throw unusable("the key cannot be built: " + e.getMessage());
        }
        Optional<X509Certificate> certificate = certificate(jwk);
        if (certificate.isPresent() && !(certificate.get().getPublicKey() instanceof ECPublicKey certified
                && certified.getW().equals(publicKey.getW()))) {
            throw unusable("the x5c certificate holds a different key than x/y");
        }
        return new Key(kid, publicKey, certificate);
    }

    private static Optional<X509Certificate> certificate(JsonObject jwk) throws GpuFormatException {
        JsonValue x5c = jwk.get("x5c");
        if (x5c == null) {
            return Optional.empty();
        }
        if (!(x5c instanceof JsonArray chain) || chain.isEmpty() || !(chain.get(0) instanceof JsonString leaf)) {
            throw unusable("x5c is not a non-empty array of strings");
        }
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(leaf.getString()))));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw unusable("x5c[0] is not a base64 DER certificate: " + e.getMessage());
        }
    }

    private static void requireMember(JsonObject jwk, String name, String expected) throws GpuFormatException {
        if (!(jwk.get(name) instanceof JsonString value) || !value.getString().equals(expected)) {
            throw unusable("\"" + name + "\" is " + jwk.get(name) + ", not \"" + expected + "\"");
        }
    }

    private static BigInteger coordinate(JsonObject jwk, String name) throws GpuFormatException {
        if (!(jwk.get(name) instanceof JsonString value)) {
            throw unusable("\"" + name + "\" is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value.getString());
        } catch (IllegalArgumentException e) {
            throw unusable("\"" + name + "\" is not base64url");
        }
        if (bytes.length != P384_COORDINATE_BYTES) {
            throw unusable("\"" + name + "\" has " + bytes.length + " bytes, not " + P384_COORDINATE_BYTES);
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

    private static GpuFormatException unusable(String why) {
        return new GpuFormatException(GpuFailure.JWKS_KEY_UNUSABLE, why);
    }
}
