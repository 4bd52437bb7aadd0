package dev.verifiedproxy.gpu;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.nras.FakeNras;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The staged token verification: shape, algorithm, key, signature, then claims. */
class NrasTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-07-01T00:00:00Z");
    private static final GpuNonce NONCE = GpuNonce.ofHex("11".repeat(32));
    private static final GpuExpectations NONE = GpuExpectations.none();
    private FakeNras nras;

    @BeforeEach
    void start() throws IOException {
        nras = FakeNras.start();
    }

    @AfterEach
    void stop() {
        nras.close();
    }

    private NrasTokenVerifier.Outcome verify(String response, NrasKeySource keys) {
        return new NrasTokenVerifier(nras.issuer(), GpuTrust.DEFAULT_LEEWAY, "2.0",
                NrasKeyTrust.production().adding(List.of(nras.intermediate()))).verify(response, NONCE, List.of(),
                GpuArchitecture.HOPPER, NONE, keys, NOW);
    }

    private NrasKeySource fakeKeys() throws GpuFormatException {
        return NrasKeySource.of(JsonWebKeySet.parse(nras.jwksJson()));
    }

    private static JsonWebKeySet keysOf(String json) {
        try {
            return JsonWebKeySet.parse(json);
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static List<GpuFailure> failures(NrasTokenVerifier.Outcome outcome) {
        return outcome.checks().stream().filter(c -> !c.ok()).map(GpuCheck::failure).toList();
    }

    private static String eat(String overall) {
        return FakeNras.detachedEat(overall, Map.of("GPU-0", overall));
    }

    @Test
    void privateMlSdkAndNvatSamplesAreSignedByKeysWeDoNotHave() throws GpuFormatException {
        NrasKeySource june = NrasKeySource.of(JsonWebKeySet.parse(Samples.text(GpuSamples.JUNE + "nras_jwks.json")));
        for (String path : List.of(GpuSamples.PML + "nras_response_1gpu_2025-10-06.json",
                GpuSamples.PML + "nras_response_8gpu_ppcie_2025-10-06.json", GpuSamples.NVAT + "hopperClaimsv3_detached_eat.json")) {
            NrasTokenVerifier.Outcome outcome = verify(Samples.text(path), june);
            assertEquals(List.of(GpuFailure.TOKEN_KID_UNKNOWN), failures(outcome), path);
            assertFalse(outcome.ok());
            assertTrue(outcome.checks().stream().noneMatch(c -> c.name() == GpuCheckName.TOKEN_SIGNATURE),
                    "no claim of an unverifiable token is read");
            assertTrue(outcome.keys().isPresent());
        }
    }

    @Test
    void everyAlgorithmButEs384IsRefusedBeforeAnyKeyIsLookedUp() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var rsaKeys = rsa.generateKeyPair();
        String rs256 = JWT.create().withKeyId(nras.kid()).sign(Algorithm.RSA256((RSAPublicKey) rsaKeys.getPublic(),
                (RSAPrivateKey) rsaKeys.getPrivate()));
        String hs384 = JWT.create().withKeyId(nras.kid()).sign(Algorithm.HMAC384("secret"));
        String none = JWT.create().withKeyId(nras.kid()).sign(Algorithm.none());
        int[] fetches = {0};
        NrasKeySource counting = kids -> {
            fetches[0]++;
            return keysOf(nras.jwksJson());
        };
        assertEquals(List.of(GpuFailure.TOKEN_ALG_UNSUPPORTED), failures(verify(eat(rs256), counting)));
        assertEquals(List.of(GpuFailure.TOKEN_ALG_HMAC), failures(verify(eat(hs384), counting)));
        assertEquals(List.of(GpuFailure.TOKEN_ALG_NONE), failures(verify(eat(none), counting)));
        assertEquals(0, fetches[0]);
    }

    @Test
    void aMissingKidIsRefused() throws GpuFormatException {
        String signed = nras.sign(JWT.create().withIssuer(nras.issuer()));
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"ES384\"}".getBytes());
        String withoutKid = header + signed.substring(signed.indexOf('.'));
        assertEquals(List.of(GpuFailure.TOKEN_KID_MISSING), failures(verify(eat(withoutKid), fakeKeys())));
    }

    @Test
    void aCritHeaderIsRefused() throws GpuFormatException {
        String crit = nras.sign(JWT.create().withHeader(Map.of("crit", List.of("exp"))));
        assertEquals(List.of(GpuFailure.TOKEN_MALFORMED), failures(verify(eat(crit), fakeKeys())));
    }

    @Test
    void aTokenThatIsNotAJwsIsRefused() throws GpuFormatException {
        for (String garbage : List.of("abc", "a.b", "a.b.c", "eyJhbGciOiJFUzM4NCJ9.!!!.c")) {
            assertEquals(List.of(GpuFailure.TOKEN_MALFORMED), failures(verify(eat(garbage), fakeKeys())), garbage);
        }
    }

    @Test
    void anUnusableKeyIsRefusedWithItsReason() {
        String token = nras.sign(JWT.create());
        String jwks = nras.jwksJson().replace("\"crv\":\"P-384\"", "\"crv\":\"P-521\"");
        GpuCheck key = verify(eat(token), kids -> keysOf(jwks)).checks().stream()
                .filter(c -> c.name() == GpuCheckName.TOKEN_KEY).findFirst().orElseThrow();
        assertEquals(GpuFailure.JWKS_KEY_UNUSABLE, key.failure());
        assertTrue(key.detail().contains("\"crv\""), key.detail());
    }

    @Test
    void aTokenWithoutIatCannotHaveItsKeyVouchedFor() throws GpuFormatException {
        String token = nras.sign(JWT.create().withIssuer(nras.issuer()));
        GpuCheck key = verify(eat(token), fakeKeys()).checks().stream()
                .filter(c -> c.name() == GpuCheckName.TOKEN_KEY).findFirst().orElseThrow();
        assertEquals(GpuFailure.JWKS_KEY_CERT_NOT_VALID, key.failure());
        assertTrue(key.detail().contains("no iat"), key.detail());
    }

    @Test
    void theFakeNrasIsTrustedOnlyThroughItsIntermediate() throws GpuFormatException {
        String token = nras.sign(JWT.create().withIssuer(nras.issuer()).withIssuedAt(NOW));
        NrasTokenVerifier nvidiaOnly = new NrasTokenVerifier(nras.issuer(), GpuTrust.DEFAULT_LEEWAY, "2.0",
                NrasKeyTrust.production());
        assertEquals(List.of(GpuFailure.JWKS_KEY_UNTRUSTED), failures(nvidiaOnly.verify(eat(token), NONCE, List.of(),
                GpuArchitecture.HOPPER, NONE, fakeKeys(), NOW)));
        assertTrue(verify(eat(token), fakeKeys()).checks().stream()
                .filter(c -> c.name() == GpuCheckName.TOKEN_SIGNATURE).findFirst().orElseThrow().ok());
    }

    @Test
    void anUnavailableKeySetFailsTheKeyCheck() {
        NrasTokenVerifier.Outcome outcome = verify(eat(nras.sign(JWT.create())), kids -> {
            throw new NrasKeySource.KeySetUnavailableException(GpuFailure.JWKS_UNAVAILABLE, "down");
        });
        assertEquals(List.of(GpuFailure.JWKS_UNAVAILABLE), failures(outcome));
        assertTrue(outcome.keys().isEmpty());
    }

    @Test
    void offlineVerificationWithoutOrWithABrokenKeySetFails() {
        String payload = GpuSamples.payload(GpuSamples.JUNE);
        String nonce = GpuSamples.nonce(GpuSamples.JUNE);
        String response = Samples.text(GpuSamples.JUNE + "nras_response.json");
        GpuVerifier verifier = new GpuVerifier(GpuTrust.production());
        GpuExpectations eight = GpuExpectations.none().withVmGpuCount(8);
        Instant at = Instant.ofEpochSecond(1782698812L);
        assertEquals(List.of(GpuFailure.JWKS_UNAVAILABLE), verifier.verifyOffline(payload, nonce, response, null, eight, at).failures());
        assertEquals(List.of(GpuFailure.JWKS_MALFORMED), verifier.verifyOffline(payload, nonce, response, "{}", eight, at).failures());
        GpuResult noAnswer = verifier.verifyOffline(payload, nonce, null, "{}", eight, at);
        assertEquals(List.of(GpuFailure.NRAS_UNREACHABLE), noAnswer.failures());
        assertTrue(noAnswer.nras().isEmpty());
        assertEquals(List.of(GpuFailure.NRAS_RESPONSE_MALFORMED), verifier.verifyOffline(payload, nonce, "[]", "{}", eight, at).failures());
    }
}
