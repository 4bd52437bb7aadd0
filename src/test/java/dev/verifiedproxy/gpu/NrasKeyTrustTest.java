package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.nras.NrasSigningKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An NRAS signing key is trusted only through a pinned NRAS intermediate, at the token's issue time. */
class NrasKeyTrustTest {

    private static final String JUNE_KID = "nv-eat-kid-prod-20260628170000087-6f27a971-6e29-42d6-afb9-8e3fbb17fa25";
    private static final Instant JUNE_IAT = Instant.ofEpochSecond(1782698812L);
    /** SHA-256 of the whole DER of Intermediate 004 (gpu.md §2.3), for the record: the pin is on its key. */
    private static final String INTERMEDIATE_004_DER_SHA256 = "2df8907cf4d6c277b855d407ec178a649930a8e73f7294e8fce66e6ee27c5175";

    private final NrasKeyTrust production = NrasKeyTrust.production();

    private static JsonWebKeySet keySet(String path) {
        try {
            return JsonWebKeySet.parse(Samples.text(path));
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonWebKeySet keySet(NrasSigningKeys.Signer signer, List<X509Certificate> x5c) {
        try {
            return JsonWebKeySet.parse(NrasSigningKeys.keySet(signer.jwk(x5c)));
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonWebKeySet.Key juneKey() {
        return keySet(GpuSamples.JUNE + "nras_jwks.json").key(JUNE_KID).orElseThrow();
    }

    private static Optional<GpuFailure> failure(Optional<NrasKeyTrust.Problem> problem) {
        return problem.map(NrasKeyTrust.Problem::failure);
    }

    /** Every key of every captured set (gpu.md §2.3) is issued by Intermediate 004, whose key the pin names. */
    @ParameterizedTest
    @ValueSource(strings = {GpuSamples.JUNE + "nras_jwks.json", GpuSamples.APRIL + "nras_jwks.json",
            "dstack/near-cloud-api-2026-04-24/responses/0007_nras.attestation.nvidia.com_.well-known_jwks.json.body",
            "dstack/near-cloud-api-2026-06-29/responses/0007_nras.attestation.nvidia.com_.well-known_jwks.json.body",
            "dstack/near-direct-2026-06-29/responses/0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"})
    void everyCapturedNvidiaKeyIsTrustedWhileItsCertificateIsValid(String path) throws Exception {
        JsonWebKeySet keys = keySet(path);
        assertTrue(keys.kids().size() >= 30);
        for (String kid : keys.kids()) {
            JsonWebKeySet.Key key = keys.key(kid).orElseThrow();
            assertEquals(2, key.chain().size(), kid);
            X509Certificate intermediate = key.chain().get(1);
            assertEquals(NrasKeyTrust.INTERMEDIATE_004_SPKI_SHA256, NrasKeyTrust.spkiSha256(intermediate));
            assertEquals(INTERMEDIATE_004_DER_SHA256,
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(intermediate.getEncoded())));
            Instant signedAt = key.chain().get(0).getNotBefore().toInstant().plus(Duration.ofHours(1));
            assertEquals(Optional.empty(), production.check(key, signedAt), kid);
        }
    }

    @Test
    void aKeyWithoutChainIsNotTrusted() {
        NrasSigningKeys.Signer attacker = NrasSigningKeys.generate("CN=Attacker Intermediate").signer("attacker-kid");
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_NO_CHAIN),
                failure(production.check(keySet(attacker, List.of()).key("attacker-kid").orElseThrow(), JUNE_IAT)));
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_NO_CHAIN), failure(production.check(
                keySet(attacker, List.of(attacker.leaf())).key("attacker-kid").orElseThrow(), JUNE_IAT)), "a leaf alone");
    }

    @Test
    void aKeyUnderAnIntermediateThatIsNotPinnedIsNotTrusted() {
        NrasSigningKeys.Signer attacker = NrasSigningKeys.generate("CN=Attacker Intermediate").signer("attacker-kid");
        Optional<NrasKeyTrust.Problem> problem = production.check(
                keySet(attacker, List.of(attacker.leaf(), attacker.issuedBy())).key("attacker-kid").orElseThrow(), JUNE_IAT);
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_UNTRUSTED), failure(problem));
        assertTrue(problem.orElseThrow().detail().contains("Attacker Intermediate"), problem.get().detail());
    }

    @Test
    void nvidiasIntermediateDoesNotVouchForALeafItDidNotSign() {
        X509Certificate nvidia = juneKey().chain().get(1);
        NrasSigningKeys.Signer attacker = NrasSigningKeys.generate("CN=Attacker Intermediate").signer("attacker-kid");
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_CERT_NOT_SIGNED), failure(production.check(
                keySet(attacker, List.of(attacker.leaf(), nvidia)).key("attacker-kid").orElseThrow(), JUNE_IAT)));
    }

    @Test
    void theCertificatesMustBeValidAtTheTokensIssueTime() {
        JsonWebKeySet.Key june = juneKey();
        Instant notBefore = june.chain().get(0).getNotBefore().toInstant();
        Instant notAfter = june.chain().get(0).getNotAfter().toInstant();
        assertEquals(Optional.empty(), production.check(june, JUNE_IAT));
        assertEquals(Optional.empty(), production.check(june, notAfter));
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_CERT_NOT_VALID), failure(production.check(june, notBefore.minusSeconds(1))));
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_CERT_NOT_VALID), failure(production.check(june, notAfter.plusSeconds(1))));
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_CERT_NOT_VALID), failure(production.check(june,
                Instant.parse("2030-01-01T00:00:00Z"))), "after the leaf and the intermediate expired");
    }

    /** A retired key cannot vouch for a token by backdating its iat: its certificate must hold when it is judged. */
    @Test
    void theCertificatesMustAlsoBeValidWhenTheTokenIsJudged() {
        JsonWebKeySet.Key june = juneKey();
        Instant notAfter = june.chain().get(0).getNotAfter().toInstant();
        assertEquals(Optional.empty(), production.check(june, JUNE_IAT, JUNE_IAT.plusSeconds(60)));
        assertEquals(Optional.empty(), production.check(june, JUNE_IAT, notAfter));
        Optional<NrasKeyTrust.Problem> lapsed = production.check(june, JUNE_IAT, notAfter.plusSeconds(1));
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_CERT_NOT_VALID), failure(lapsed));
        assertTrue(lapsed.orElseThrow().detail().contains("evaluation instant"), lapsed.get().detail());
    }

    @Test
    void furtherIntermediatesArePinnedByTheirKey() {
        NrasSigningKeys next = NrasSigningKeys.generate("CN=NVIDIA Attestation Service GPU Intermediate 005 (test)");
        NrasSigningKeys.Signer signer = next.signer("next-kid");
        JsonWebKeySet.Key key = keySet(signer, List.of(signer.leaf(), next.intermediate())).key("next-kid").orElseThrow();
        assertEquals(Optional.of(GpuFailure.JWKS_KEY_UNTRUSTED), failure(production.check(key, JUNE_IAT)));
        NrasKeyTrust extended = production.adding(List.of(next.intermediate()));
        assertEquals(Optional.empty(), extended.check(key, JUNE_IAT));
        assertEquals(Optional.empty(), extended.check(juneKey(), JUNE_IAT), "NVIDIA's intermediate stays pinned");
        assertEquals(Set.of(NrasKeyTrust.INTERMEDIATE_004_SPKI_SHA256, NrasKeyTrust.spkiSha256(next.intermediate())),
                extended.pinnedSpkis());
    }

    @Test
    void pinsAreLowercaseSha256AndThereIsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new NrasKeyTrust(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new NrasKeyTrust(Set.of("ab")));
        assertThrows(IllegalArgumentException.class,
                () -> new NrasKeyTrust(Set.of(NrasKeyTrust.INTERMEDIATE_004_SPKI_SHA256.toUpperCase())));
    }
}
