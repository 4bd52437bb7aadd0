package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonWebKeySetTest {

    private static final String JUNE_KID = "nv-eat-kid-prod-20260628170000087-6f27a971-6e29-42d6-afb9-8e3fbb17fa25";

    private static JsonObject firstKey() {
        return NvidiaPayloadTest.object(Samples.text(GpuSamples.JUNE + "nras_jwks.json")).getJsonArray("keys").getJsonObject(0);
    }

    private static JsonWebKeySet set(JsonObjectBuilder... keys) throws GpuFormatException {
        var array = Json.createArrayBuilder();
        for (JsonObjectBuilder key : keys) {
            array.add(key);
        }
        return JsonWebKeySet.parse(Json.createObjectBuilder().add("keys", array).build().toString());
    }

    @Test
    void nvidiasKeySetHoldsP384KeysWithMatchingCertificates() throws GpuFormatException {
        String json = Samples.text(GpuSamples.JUNE + "nras_jwks.json");
        JsonWebKeySet keys = JsonWebKeySet.parse(json);
        assertTrue(keys.kids().size() >= 30, "NVIDIA publishes 32-36 keys");
        JsonWebKeySet.Key key = keys.key(JUNE_KID).orElseThrow();
        assertEquals(384, key.publicKey().getParams().getCurve().getField().getFieldSize());
        assertTrue(key.certificate().orElseThrow().getSubjectX500Principal().getName()
                .contains("NVIDIA Attestation Service GPU GH100"));
        assertTrue(json.equals(keys.json()));
        assertTrue(JsonWebKeySet.parse(Samples.text(GpuSamples.APRIL + "nras_jwks.json")).kids().size() >= 30);
    }

    @Test
    void aKeyWithoutX5cParsesButHasNoChain() throws GpuFormatException {
        // Parsing only; NrasKeyTrust refuses to trust such a key (JWKS_KEY_NO_CHAIN).
        JsonWebKeySet keys = set(Json.createObjectBuilder(firstKey()).remove("x5c"));
        assertTrue(keys.key(firstKey().getString("kid")).orElseThrow().chain().isEmpty());
        assertTrue(keys.key(firstKey().getString("kid")).orElseThrow().certificate().isEmpty());
    }

    @Test
    void nvidiasKeysCarryLeafAndIntermediate() throws GpuFormatException {
        JsonWebKeySet.Key key = JsonWebKeySet.parse(Samples.text(GpuSamples.JUNE + "nras_jwks.json")).key(JUNE_KID).orElseThrow();
        assertEquals(2, key.chain().size());
        assertTrue(key.chain().get(1).getSubjectX500Principal().getName()
                .contains("NVIDIA Attestation Service GPU Intermediate 004"));
    }

    @Test
    void keysThatCannotServeEs384AreKeptAsUnusableWithTheReason() throws GpuFormatException {
        JsonObject good = firstKey();
        String kid = good.getString("kid");
        assertUnusable(Json.createObjectBuilder(good).add("kty", "RSA"), "\"kty\"");
        assertUnusable(Json.createObjectBuilder(good).add("crv", "P-256"), "\"crv\"");
        assertUnusable(Json.createObjectBuilder(good).add("alg", "RS256"), "\"alg\"");
        assertUnusable(Json.createObjectBuilder(good).add("use", "enc"), "\"use\"");
        assertUnusable(Json.createObjectBuilder(good).remove("y"), "\"y\" is missing");
        assertUnusable(Json.createObjectBuilder(good).add("x", "AAAA"), "bytes");
        assertUnusable(Json.createObjectBuilder(good).add("x", "!!"), "base64url");
        assertUnusable(Json.createObjectBuilder(good).add("y", good.getString("x")), "not on P-384");
        assertUnusable(Json.createObjectBuilder(good).add("x5c", Json.createArrayBuilder().add("AAAA")), "x5c[0]");
        assertUnusable(Json.createObjectBuilder(good).add("x5c", "AAAA"), "x5c is not");
        JsonObject other = NvidiaPayloadTest.object(Samples.text(GpuSamples.JUNE + "nras_jwks.json")).getJsonArray("keys").getJsonObject(1);
        assertUnusable(Json.createObjectBuilder(good).add("x5c", other.getJsonArray("x5c")), "different key");
        JsonObject mismatched = Json.createObjectBuilder(good).add("x5c", other.getJsonArray("x5c")).build();
        assertEquals(GpuFailure.JWKS_KEY_CERT_MISMATCH, set(Json.createObjectBuilder(mismatched)).unusable(kid).orElseThrow()
                .failure());
        assertEquals(GpuFailure.JWKS_KEY_UNUSABLE, set(Json.createObjectBuilder(good).add("crv", "P-256")).unusable(kid)
                .orElseThrow().failure());
        var tooLong = Json.createArrayBuilder();
        for (int i = 0; i <= JsonWebKeySet.MAX_CHAIN; i++) {
            tooLong.add(good.getJsonArray("x5c").getString(0));
        }
        assertUnusable(Json.createObjectBuilder(good).add("x5c", tooLong), "x5c is not");
        assertUnusable(Json.createObjectBuilder(good).add("x5c", Json.createArrayBuilder().add(good.getJsonArray("x5c")
                .getString(0)).add(1)), "x5c is not");
        JsonWebKeySet twice = set(Json.createObjectBuilder(good), Json.createObjectBuilder(good));
        assertTrue(twice.key(kid).isEmpty());
        assertTrue(twice.unusableReason(kid).orElseThrow().contains("more than once"));
        assertTrue(twice.names(kid));
        assertFalse(twice.names("another"));
    }

    private static void assertUnusable(JsonObjectBuilder key, String reasonPart) throws GpuFormatException {
        JsonObject built = key.build();
        JsonWebKeySet keys = set(Json.createObjectBuilder(built));
        String kid = built.getString("kid");
        assertTrue(keys.key(kid).isEmpty(), reasonPart);
        String reason = keys.unusableReason(kid).orElseThrow();
        assertTrue(reason.contains(reasonPart), reason);
    }

    @Test
    void malformedKeySetsAreRefused() {
        for (String json : new String[] {"", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[1]}", "{\"keys\":[{\"kid\":1}]}",
                "{\"keys\":[" + "{\"kid\":\"k\"},".repeat(JsonWebKeySet.MAX_KEYS) + "{\"kid\":\"k\"}]}"}) {
            GpuFormatException e = assertThrows(GpuFormatException.class, () -> JsonWebKeySet.parse(json));
            assertEquals(GpuFailure.JWKS_MALFORMED, e.reason(), json.length() > 40 ? json.substring(0, 40) : json);
        }
    }

    @Test
    void onCurveRejectsCoordinatesOutsideTheField() throws Exception {
        var p384 = JsonWebKeySet.p384();
        var p = ((java.security.spec.ECFieldFp) p384.getCurve().getField()).getP();
        var g = p384.getGenerator();
        assertTrue(JsonWebKeySet.onCurve(p384.getCurve(), g.getAffineX(), g.getAffineY()));
        assertFalse(JsonWebKeySet.onCurve(p384.getCurve(), g.getAffineX().add(p), g.getAffineY()));
        assertFalse(JsonWebKeySet.onCurve(p384.getCurve(), g.getAffineX(), g.getAffineY().add(java.math.BigInteger.ONE)));
        assertEquals(64, Base64.getUrlDecoder().decode(firstKey().getString("x")).length + 16);
    }
}
