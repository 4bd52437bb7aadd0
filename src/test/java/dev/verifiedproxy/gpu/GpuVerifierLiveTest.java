package dev.verifiedproxy.gpu;

import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.testing.MutableClock;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence.Tamper;
import dev.verifiedproxy.testing.nras.FakeNras;
import dev.verifiedproxy.testing.nras.FakeNras.Misbehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live GPU verification against a fake NRAS on 127.0.0.1 with forged GPU evidence: the happy path,
 * and every way NRAS (or someone in its place) can answer that must be refused, each with its reason.
 */
class GpuVerifierLiveTest {

    private static final Instant NOW = Instant.parse("2026-07-01T12:00:00Z");
    private static final GpuExpectations FOUR_GPUS = GpuExpectations.none().withVmGpuCount(4);
    private static FakeGpuEvidence gpus;

    private final List<Duration> pauses = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private FakeNras nras;
    private JdkHttpFetcher fetcher;
    private GpuVerifier verifier;
    private String nonce;

    @BeforeAll
    static void forgeGpus() {
        gpus = FakeGpuEvidence.hopper(4);
    }

    @BeforeEach
    void start() throws IOException {
        nras = FakeNras.start().issueAt(NOW.minusSeconds(1));
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(2));
        verifier = verifier(Duration.ofSeconds(2));
        nonce = HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(32));
    }

    private GpuVerifier verifier(Duration timeout) {
        GpuTrust trust = GpuTrust.production().withDeviceRoot(gpus.deviceRoot()).withNrasIssuer(nras.issuer())
                .withNrasIntermediates(List.of(nras.intermediate()));
        NrasClient client = new NrasClient(fetcher, new NrasClient.Settings(nras.endpoints().attestUrl(), timeout,
                1024 * 1024, 3, Duration.ofMillis(100)), pauses::add);
        NrasJwksCache keys = new NrasJwksCache(fetcher, new NrasJwksCache.Settings(nras.endpoints().jwksUrl(), timeout,
                1024 * 1024, Duration.ofHours(1), Duration.ofSeconds(30)), clock);
        return new GpuVerifier(trust, client, keys);
    }

    @AfterEach
    void stop() {
        fetcher.close();
        nras.close();
    }

    private GpuResult verify(String payload) {
        return verifier.verify(payload, nonce, FOUR_GPUS, NOW);
    }

    private GpuResult verifyWith(Misbehaviour... misbehaviours) {
        nras.misbehave(misbehaviours);
        return verify(gpus.payload(nonce));
    }

    @Test
    void anHonestNrasAnswerPassesEveryCheck() {
        String payload = gpus.payload(nonce);
        GpuResult result = verify(payload);
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        assertEquals(GpuResult.Mode.NRAS_LIVE, result.mode());
        assertEquals(List.of(GpuCheckName.values()), result.checks().stream().map(GpuCheck::name).toList());
        assertEquals(List.of(payload), nras.attestBodies(), "the payload is posted unchanged");
        assertEquals(gpus.serial(2).toString(), result.devices().get(2).serialNumber());
        NrasEvidence evidence = result.nras().orElseThrow();
        assertEquals(nras.jwksJson(), evidence.jwks());
        GpuResult replay = new GpuVerifier(verifier.trust()).verifyOffline(payload, nonce, evidence.response(),
                evidence.jwks(), FOUR_GPUS, NOW);
        assertTrue(replay.verified(), "the archived answer and key set verify offline to the same verdict");
    }

    @Test
    void withoutItsIntermediateTheFakeNrasIsNotTrusted() {
        GpuVerifier nvidiaKeysOnly = new GpuVerifier(GpuTrust.production().withDeviceRoot(gpus.deviceRoot())
                .withNrasIssuer(nras.issuer()), new NrasClient(fetcher, new NrasClient.Settings(nras.endpoints().attestUrl(),
                Duration.ofSeconds(2), 1024 * 1024, 1, Duration.ofMillis(100))), new NrasJwksCache(fetcher,
                new NrasJwksCache.Settings(nras.endpoints().jwksUrl(), Duration.ofSeconds(2), 1024 * 1024,
                        Duration.ofHours(1), Duration.ofSeconds(30)), clock));
        assertEquals(List.of(GpuFailure.JWKS_KEY_UNTRUSTED), nvidiaKeysOnly.verify(gpus.payload(nonce), nonce, FOUR_GPUS,
                NOW).failures());
    }

    @Test
    void theKeySetIsFetchedOnceAndCached() {
        assertTrue(verify(gpus.payload(nonce)).verified());
        assertTrue(verify(gpus.payload(nonce)).verified());
        assertEquals(1, nras.jwksRequests());
        assertEquals(2, nras.attestRequests());
    }

    @Test
    void aNewSigningKeyIsFetchedOnItsFirstUse() {
        assertTrue(verify(gpus.payload(nonce)).verified());
        nras.rotateKey();
        clock.advance(Duration.ofSeconds(30));
        assertTrue(verify(gpus.payload(nonce)).verified());
        assertEquals(2, nras.jwksRequests());
    }

    @Test
    void algNoneIsRefused() {
        assertEquals(List.of(GpuFailure.TOKEN_ALG_NONE), verifyWith(Misbehaviour.ALG_NONE).failures());
    }

    @Test
    void hs256KeyConfusionIsRefused() {
        GpuResult result = verifyWith(Misbehaviour.HS256_KEY_CONFUSION);
        assertEquals(List.of(GpuFailure.TOKEN_ALG_HMAC), result.failures());
        assertTrue(result.check(GpuCheckName.TOKEN_KEY).isEmpty(), "no key is looked up for an HMAC token");
    }

    @Test
    void anUnknownKidIsRefusedAfterOneRefetch() {
        assertTrue(verify(gpus.payload(nonce)).verified());
        clock.advance(Duration.ofSeconds(30));
        GpuResult result = verifyWith(Misbehaviour.UNKNOWN_KID);
        assertEquals(List.of(GpuFailure.TOKEN_KID_UNKNOWN), result.failures());
        assertEquals(2, nras.jwksRequests(), "one refetch for the unknown kid");
        assertEquals(List.of(GpuFailure.TOKEN_KID_UNKNOWN), verify(gpus.payload(nonce)).failures());
        assertEquals(2, nras.jwksRequests(), "no further refetch within the rate limit");
    }

    @Test
    void aFlippedSignatureIsRefused() {
        assertEquals(List.of(GpuFailure.TOKEN_SIGNATURE_INVALID), verifyWith(Misbehaviour.FLIPPED_SIGNATURE).failures());
    }

    @Test
    void aSubmodsDigestMismatchIsRefused() {
        GpuResult result = verifyWith(Misbehaviour.SUBMODS_DIGEST_MISMATCH);
        assertEquals(List.of(GpuFailure.SUBMODS_DIGEST_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.SUBMODS_BINDING).orElseThrow().detail().contains("GPU-1"));
    }

    @Test
    void aMissingGpuTokenIsRefused() {
        GpuResult result = verifyWith(Misbehaviour.MISSING_GPU_TOKEN);
        assertEquals(List.of(GpuFailure.GPU_TOKEN_MISSING), result.failures());
        assertTrue(result.check(GpuCheckName.SUBMODS_BINDING).orElseThrow().detail().contains("GPU-3"));
    }

    @Test
    void theNonceTrapOverallFalseWithTheNonceEchoedIsRefused() {
        GpuResult result = verifyWith(Misbehaviour.NONCE_TRAP);
        assertFalse(result.verified());
        assertTrue(result.check(GpuCheckName.TOKEN_NONCE).orElseThrow().detail().startsWith("GPU-0 eat_nonce absent"),
                "the overall token echoes our nonce; only the failed GPU's error token lacks it");
        assertEquals(List.of(GpuFailure.TOKEN_NONCE_MISMATCH, GpuFailure.OVERALL_RESULT_FALSE,
                GpuFailure.GPU_ERROR_REPORTED, GpuFailure.GPU_UEID_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.GPU_CLAIMS).orElseThrow().detail().contains("4010"));
    }

    @Test
    void splicedEvidenceIsCaughtLocallyAndNrasIsNeverAsked() {
        GpuResult result = verify(gpus.payload(nonce, Tamper.SPLICED_NONCE));
        assertEquals(List.of(GpuFailure.EVIDENCE_NONCE_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.EVIDENCE_NONCE).orElseThrow().detail().startsWith("GPU-3 signed nonce"));
        assertEquals(0, nras.attestRequests());
    }

    @Test
    void nrasAloneFallsForSplicedEvidenceOnlyThroughItsOverallResult() {
        // What a verifier without the local nonce check would see: NRAS echoes our nonce and says false.
        String spliced = gpus.payload(nonce, Tamper.SPLICED_NONCE);
        NrasTokenVerifier.Outcome outcome = new NrasTokenVerifier(nras.issuer(), GpuTrust.DEFAULT_LEEWAY, "2.0",
                verifier.trust().nrasKeys()).verify(
                nras.mint(spliced), GpuNonce.ofHex(nonce), devices(spliced), GpuArchitecture.HOPPER, FOUR_GPUS,
                NrasKeySource.of(keys()), NOW);
        assertTrue(outcome.checks().stream().anyMatch(c -> c.failure() == GpuFailure.OVERALL_RESULT_FALSE));
        assertTrue(outcome.checks().stream().filter(c -> c.name() == GpuCheckName.TOKEN_NONCE).findFirst().orElseThrow()
                .detail().startsWith("GPU-3 eat_nonce absent"), "the overall token's eat_nonce is ours");
    }

    @Test
    void aWrongIssuerIsRefused() {
        assertEquals(List.of(GpuFailure.TOKEN_ISSUER_MISMATCH), verifyWith(Misbehaviour.WRONG_ISSUER).failures());
    }

    @Test
    void aWrongEatNonceIsRefused() {
        assertEquals(List.of(GpuFailure.TOKEN_NONCE_MISMATCH), verifyWith(Misbehaviour.WRONG_NONCE).failures());
    }

    @Test
    void tokensForOtherGpusAreRefused() {
        assertEquals(List.of(GpuFailure.GPU_UEID_MISMATCH), verifyWith(Misbehaviour.WRONG_UEID).failures());
    }

    @Test
    void anAnswerThatIsNotADetachedEatIsRefused() {
        assertEquals(List.of(GpuFailure.NRAS_RESPONSE_MALFORMED), verifyWith(Misbehaviour.NOT_AN_EAT).failures());
    }

    @Test
    void expiredTokensAreRefused() {
        nras.issueAt(NOW.minus(Duration.ofHours(2)));
        assertEquals(List.of(GpuFailure.TOKEN_EXPIRED), verify(gpus.payload(nonce)).failures());
    }

    @Test
    void aServerErrorIsRetriedWithBackoff() {
        GpuResult result = verifyWith(Misbehaviour.HTTP_500_ONCE);
        assertTrue(result.verified());
        assertEquals(2, nras.attestRequests());
        assertEquals(List.of(Duration.ofMillis(100)), pauses);
        assertTrue(result.check(GpuCheckName.NRAS_EXCHANGE).orElseThrow().detail().endsWith("after 2 attempt(s)"));
    }

    @Test
    void aLastingServerErrorFailsAfterTheLastAttempt() {
        GpuResult result = verifyWith(Misbehaviour.HTTP_500);
        assertEquals(List.of(GpuFailure.NRAS_HTTP_STATUS), result.failures());
        assertEquals(3, nras.attestRequests());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), pauses);
        assertTrue(result.nras().isEmpty());
    }

    @Test
    void aClientErrorIsNotRetried() {
        assertEquals(List.of(GpuFailure.NRAS_HTTP_STATUS), verifyWith(Misbehaviour.HTTP_403).failures());
        assertEquals(1, nras.attestRequests());
    }

    @Test
    void aSlowNrasTimesOut() {
        verifier = verifier(Duration.ofMillis(500));
        GpuResult result = verifyWith(Misbehaviour.SLOW);
        assertEquals(List.of(GpuFailure.NRAS_TIMEOUT), result.failures());
        assertEquals(3, nras.attestRequests());
    }

    @Test
    void anOversizedAnswerIsRefusedWithoutRetry() {
        assertEquals(List.of(GpuFailure.NRAS_RESPONSE_TOO_LARGE), verifyWith(Misbehaviour.OVERSIZED).failures());
        assertEquals(1, nras.attestRequests());
    }

    @Test
    void anUnreachableNrasFails() {
        nras.close();
        GpuResult result = verify(gpus.payload(nonce));
        assertEquals(List.of(GpuFailure.NRAS_UNREACHABLE), result.failures());
    }

    @Test
    void anUnavailableKeySetFailsClosed() {
        assertEquals(List.of(GpuFailure.JWKS_UNAVAILABLE), verifyWith(Misbehaviour.JWKS_DOWN).failures());
    }

    @Test
    void anOfflineOnlyVerifierRefusesLiveUse() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
                new GpuVerifier(verifier.trust()).verify(gpus.payload(nonce), nonce, FOUR_GPUS, NOW));
    }

    private JsonWebKeySet keys() {
        try {
            return JsonWebKeySet.parse(nras.jwksJson());
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    private List<GpuDevice> devices(String payload) {
        try {
            return new EvidenceVerifier(gpus.deviceRoot()).verify(NvidiaPayload.parse(payload), GpuNonce.ofHex(nonce),
                    FOUR_GPUS, NOW).devices();
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }
}
