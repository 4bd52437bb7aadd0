package dev.verifiedproxy.testing.nras;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An NRAS-style key hierarchy for tests: an intermediate CA (like "NVIDIA Attestation Service GPU
 * Intermediate 004") issuing EC P-384 token-signing keys, their JWKs with {@code x5c}, and
 * {@link #resign} to re-sign a real NRAS answer with such a key, as an attacker forging an evidence
 * bundle would.
 */
public final class NrasSigningKeys {

    private final String name;
    private final KeyPair intermediateKeys;
    private final X509Certificate intermediate;

    private NrasSigningKeys(String name) {
        this.name = name;
        intermediateKeys = TestKeys.p384();
        intermediate = TestKeys.certificate(name, intermediateKeys, name, intermediateKeys.getPrivate(), TestKeys.serial(),
                true, TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER, null, null);
    }

    /** A new intermediate CA named {@code subject} (an X.500 name such as {@code CN=Test NRAS Intermediate}). */
    public static NrasSigningKeys generate(String subject) {
        return new NrasSigningKeys(subject);
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /** The intermediate as PEM, e.g. for {@code verifiedproxy.gpu.test-nras-intermediate}. */
    public String intermediatePem() {
        return TestKeys.pem(intermediate);
    }

    /**
     * A signing key with id {@code kid}.
     *
     * @param keys      its key pair
     * @param leaf      its certificate
     * @param issuedBy  the intermediate that issued {@code leaf}
     */
    public record Signer(String kid, KeyPair keys, X509Certificate leaf, X509Certificate issuedBy) {

        /** The JWK as NVIDIA publishes it: {@code x5c = [leaf, intermediate]}. */
        public JsonObject jwk() {
            return jwk(List.of(leaf, issuedBy));
        }

        /** The JWK with exactly these {@code x5c} certificates (none: no {@code x5c} member). */
        public JsonObject jwk(List<X509Certificate> x5c) {
            ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
            JsonObjectBuilder jwk = Json.createObjectBuilder().add("kty", "EC").add("crv", "P-384").add("kid", kid)
                    .add("x", coordinate(publicKey.getW().getAffineX()))
                    .add("y", coordinate(publicKey.getW().getAffineY()));
            if (!x5c.isEmpty()) {
                JsonArrayBuilder chain = Json.createArrayBuilder();
                x5c.forEach(c -> chain.add(der(c)));
                jwk.add("x5c", chain);
            }
            return jwk.build();
        }

        /** A compact ES384 JWS of {@code payloadJson} under this key's kid. */
        public String sign(String payloadJson) {
            String header = Json.createObjectBuilder().add("kid", kid).add("alg", "ES384").build().toString();
            String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payloadJson.getBytes(StandardCharsets.UTF_8));
            try {
                Signature es384 = Signature.getInstance("SHA384withECDSAinP1363Format");
                es384.initSign(keys.getPrivate());
                es384.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + b64(es384.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A signing key whose leaf certificate this intermediate issued, valid from {@code notBefore} to {@code notAfter}. */
    public Signer signer(String kid, Instant notBefore, Instant notAfter) {
        return signer(kid, TestKeys.p384(), notBefore, notAfter);
    }

    /** {@code keys} certified by this intermediate, valid from 2020 to 9999. */
    public Signer signer(String kid, KeyPair keys) {
        return signer(kid, keys, TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER);
    }

    private Signer signer(String kid, KeyPair keys, Instant notBefore, Instant notAfter) {
        X509Certificate leaf = TestKeys.certificate("CN=Test NRAS signing key " + kid, keys,
                name, intermediateKeys.getPrivate(), TestKeys.serial(), false,
                notBefore, notAfter, null, null);
        return new Signer(kid, keys, leaf, intermediate);
    }

    /** A signing key valid from 2020 to 9999. */
    public Signer signer(String kid) {
        return signer(kid, TestKeys.NOT_BEFORE, TestKeys.NOT_AFTER);
    }

    /** {@code {"keys": [..]}}. */
    public static String keySet(JsonObject... jwks) {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        for (JsonObject jwk : jwks) {
            keys.add(jwk);
        }
        return Json.createObjectBuilder().add("keys", keys).build().toString();
    }

    /**
     * A detached EAT with every token of {@code response} re-signed by {@code signer}, claims unchanged
     * except the overall token's {@code submods}, which is rebuilt to bind the re-signed GPU tokens.
     */
    public static String resign(String response, Signer signer) {
        JsonArray eat = read(response).asJsonArray();
        JsonObject gpuTokens = eat.getJsonObject(1);
        JsonObjectBuilder resignedGpus = Json.createObjectBuilder();
        JsonObjectBuilder submods = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> entry : gpuTokens.entrySet()) {
            String token = signer.sign(payloadOf(((JsonString) entry.getValue()).getString()));
            resignedGpus.add(entry.getKey(), token);
            submods.add(entry.getKey(), Json.createArrayBuilder().add("DIGEST")
                    .add(Json.createArrayBuilder().add("SHA-256").add(sha256(token))));
        }
        JsonObject overallClaims = read(payloadOf(eat.getJsonArray(0).getString(1))).asJsonObject();
        String overall = signer.sign(Json.createObjectBuilder(overallClaims).add("submods", submods).build().toString());
        return Json.createArrayBuilder().add(Json.createArrayBuilder().add("JWT").add(overall)).add(resignedGpus)
                .build().toString();
    }

    private static String payloadOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static JsonValue read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static String der(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[48];
        int copy = Math.min(raw.length, 48);
        System.arraycopy(raw, raw.length - copy, fixed, 48 - copy, copy);
        return b64(fixed);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
