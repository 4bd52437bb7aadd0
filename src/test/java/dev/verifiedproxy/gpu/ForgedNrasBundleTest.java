package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.nras.NrasSigningKeys;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attack a reviewer reproduced on /verify/bundle: take the real 2026-06-29 capture, re-sign all nine
 * NRAS tokens with your own P-384 key under kid {@code attacker-kid}, rebuild {@code submods}, and ship a
 * key set holding that key. Every claim is NVIDIA's, every signature and digest checks out; only the key's
 * certificate chain to NVIDIA's pinned NRAS intermediate can tell the forgery apart.
 */
class ForgedNrasBundleTest {

    private static final String KID = "attacker-kid";
    private static final Instant AT = Instant.ofEpochSecond(1782698812L + 1);
    private static final GpuExpectations EIGHT_GPUS = GpuExpectations.none().withVmGpuCount(8);

    private static final NrasSigningKeys attackerCa = NrasSigningKeys.generate("CN=Attacker NRAS Intermediate");
    private static final NrasSigningKeys.Signer attacker = attackerCa.signer(KID);
    private static final String forgedAnswer = NrasSigningKeys.resign(Samples.text(GpuSamples.JUNE + "nras_response.json"),
            attacker);

    private static GpuResult verify(GpuTrust trust, String answer, String jwks) {
        return new GpuVerifier(trust).verifyOffline(GpuSamples.payload(GpuSamples.JUNE), GpuSamples.nonce(GpuSamples.JUNE),
                answer, jwks, EIGHT_GPUS, AT);
    }

    private static X509Certificate nvidiaIntermediate() {
        try {
            JsonWebKeySet keys = JsonWebKeySet.parse(Samples.text(GpuSamples.JUNE + "nras_jwks.json"));
            return keys.key(keys.kids().iterator().next()).orElseThrow().chain().get(1);
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theForgeryIsPerfectExceptForItsKey() {
        // Trusting the attacker's own intermediate shows the forged answer is otherwise flawless, so the
        // failures below are the trust anchor's doing and nothing else's.
        GpuResult trusted = verify(GpuTrust.production().withNrasIntermediates(List.of(attackerCa.intermediate())),
                forgedAnswer, NrasSigningKeys.keySet(attacker.jwk()));
        assertTrue(trusted.verified(), () -> String.valueOf(trusted.firstFailure()));
    }

    @Test
    void aForgedKeyWithoutChainIsRefused() {
        GpuResult result = verify(GpuTrust.production(), forgedAnswer, NrasSigningKeys.keySet(attacker.jwk(List.of())));
        assertFalse(result.verified());
        assertEquals(List.of(GpuFailure.JWKS_KEY_NO_CHAIN), result.failures());
        assertTrue(result.check(GpuCheckName.TOKEN_SIGNATURE).isEmpty(), "no token is trusted enough to be checked");
    }

    @Test
    void aForgedKeyUnderTheAttackersOwnIntermediateIsRefused() {
        GpuResult result = verify(GpuTrust.production(), forgedAnswer, NrasSigningKeys.keySet(attacker.jwk()));
        assertEquals(List.of(GpuFailure.JWKS_KEY_UNTRUSTED), result.failures());
    }

    @Test
    void aForgedKeyPresentedUnderNvidiasIntermediateIsRefused() {
        GpuResult result = verify(GpuTrust.production(), forgedAnswer,
                NrasSigningKeys.keySet(attacker.jwk(List.of(attacker.leaf(), nvidiaIntermediate()))));
        assertEquals(List.of(GpuFailure.JWKS_KEY_CERT_NOT_SIGNED), result.failures());
    }

    @Test
    void aKeyWhoseCertificateHoldsAnotherKeyIsRefused() {
        NrasSigningKeys.Signer other = attackerCa.signer("other");
        GpuResult result = verify(GpuTrust.production().withNrasIntermediates(List.of(attackerCa.intermediate())),
                forgedAnswer, NrasSigningKeys.keySet(attacker.jwk(List.of(other.leaf(), attackerCa.intermediate()))));
        assertEquals(List.of(GpuFailure.JWKS_KEY_CERT_MISMATCH), result.failures());
    }

    @Test
    void aKeyWhoseCertificateWasNotValidAtIssueTimeIsRefused() {
        NrasSigningKeys.Signer expired = attackerCa.signer(KID, AT.minusSeconds(86_400 * 3), AT.minusSeconds(86_400));
        GpuResult result = verify(GpuTrust.production().withNrasIntermediates(List.of(attackerCa.intermediate())),
                NrasSigningKeys.resign(Samples.text(GpuSamples.JUNE + "nras_response.json"), expired),
                NrasSigningKeys.keySet(expired.jwk()));
        assertEquals(List.of(GpuFailure.JWKS_KEY_CERT_NOT_VALID), result.failures());
    }

    @Test
    void theRealCaptureStillVerifiesUnderNvidiasPin() {
        GpuResult result = verify(GpuTrust.production(), Samples.text(GpuSamples.JUNE + "nras_response.json"),
                Samples.text(GpuSamples.JUNE + "nras_jwks.json"));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
    }
}
