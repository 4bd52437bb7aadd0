package dev.verifiedproxy.gpu;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import dev.verifiedproxy.testing.Samples;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each claim check on real NRAS tokens (decoded, signatures aside) and on hand-made ones. */
class NrasClaimsTest {

    private static final GpuExpectations NONE = GpuExpectations.none();

    private static NrasResponse response(String path) {
        try {
            return NrasResponse.parse(Samples.text(path));
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static NrasToken token(String label, String raw) {
        try {
            return NrasToken.decode(label, raw);
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static List<NrasToken> gpuTokens(NrasResponse response) {
        List<NrasToken> tokens = new ArrayList<>();
        response.gpuTokens().forEach((name, raw) -> tokens.add(token(name, raw)));
        return tokens;
    }

    private static List<NrasToken> allTokens(NrasResponse response) {
        List<NrasToken> tokens = new ArrayList<>();
        tokens.add(token(NrasToken.OVERALL, response.overallToken()));
        tokens.addAll(gpuTokens(response));
        return tokens;
    }

    private static NrasToken unsigned(JWTCreator.Builder builder) {
        return token("GPU-0", builder.sign(Algorithm.none()));
    }

    private static JWTCreator.Builder goodGpuClaims() {
        JWTCreator.Builder builder = JWT.create().withClaim("measres", "success").withClaim("dbgstat", "disabled")
                .withClaim("hwmodel", "GH100").withNullClaim("x-nvidia-attestation-warning");
        NrasClaims.GPU_TRUE_CLAIMS_V2.forEach(name -> builder.withClaim(name, true));
        return builder;
    }

    private static GpuCheck gpuClaims(JWTCreator.Builder builder) {
        return NrasClaims.gpuClaims(List.of(unsigned(builder)), "2.0", GpuArchitecture.HOPPER, NONE);
    }

    @Test
    void submodsBindEveryRealSample() {
        for (String path : List.of(GpuSamples.JUNE + "nras_response.json", GpuSamples.APRIL + "nras_response.json",
                GpuSamples.PML + "nras_response_1gpu_2025-10-06.json", GpuSamples.PML + "nras_response_8gpu_ppcie_2025-10-06.json",
                GpuSamples.NVAT + "hopperClaimsv3_detached_eat.json")) {
            NrasResponse response = response(path);
            GpuCheck check = NrasClaims.submods(token("overall", response.overallToken()).jwt(), response.gpuTokens(),
                    response.gpuTokens().size());
            assertTrue(check.ok(), path + ": " + check.detail());
        }
    }

    @Test
    void submodsFailuresHaveTheirReasons() {
        NrasResponse june = response(GpuSamples.JUNE + "nras_response.json");
        var overall = token("overall", june.overallToken()).jwt();
        assertEquals(GpuFailure.SUBMODS_COUNT_MISMATCH, NrasClaims.submods(overall, june.gpuTokens(), 7).failure());

        Map<String, String> swapped = new LinkedHashMap<>(june.gpuTokens());
        swapped.put("GPU-0", june.gpuTokens().get("GPU-1"));
        swapped.put("GPU-1", june.gpuTokens().get("GPU-0"));
        GpuCheck digest = NrasClaims.submods(overall, swapped, 8);
        assertEquals(GpuFailure.SUBMODS_DIGEST_MISMATCH, digest.failure());
        assertTrue(digest.detail().startsWith("submods.GPU-0 is f2cdf1b9"), digest.detail());

        Map<String, String> missing = new LinkedHashMap<>(june.gpuTokens());
        missing.remove("GPU-5");
        assertEquals(GpuFailure.GPU_TOKEN_MISSING, NrasClaims.submods(overall, missing, 8).failure());

        Map<String, String> extra = new LinkedHashMap<>(june.gpuTokens());
        extra.put("GPU-8", june.gpuTokens().get("GPU-0"));
        assertEquals(GpuFailure.GPU_TOKEN_UNEXPECTED, NrasClaims.submods(overall, extra, 8).failure());

        Map<String, String> renamed = Map.of("GPU-9", june.gpuTokens().get("GPU-0"));
        var renamedOverall = JWT.decode(JWT.create().withClaim("submods", Map.of("GPU-9",
                List.of("DIGEST", List.of("SHA-256", java.util.HexFormat.of().formatHex(NrasClaims.sha256(renamed.get("GPU-9")))))))
                .sign(Algorithm.none()));
        assertEquals(GpuFailure.GPU_TOKEN_UNEXPECTED, NrasClaims.submods(renamedOverall, renamed, 1).failure());

        var noSubmods = JWT.decode(JWT.create().withClaim("x", 1).sign(Algorithm.none()));
        assertEquals(GpuFailure.SUBMODS_MALFORMED, NrasClaims.submods(noSubmods, june.gpuTokens(), 8).failure());
        var badShape = JWT.decode(JWT.create().withClaim("submods", Map.of("GPU-0", List.of("DIGEST", "abc")))
                .sign(Algorithm.none()));
        assertEquals(GpuFailure.SUBMODS_MALFORMED, NrasClaims.submods(badShape, Map.of("GPU-0", "t"), 1).failure());
        var sha1 = JWT.decode(JWT.create().withClaim("submods", Map.of("GPU-0", List.of("DIGEST", List.of("SHA-1", "ab"))))
                .sign(Algorithm.none()));
        assertEquals(GpuFailure.SUBMODS_MALFORMED, NrasClaims.submods(sha1, Map.of("GPU-0", "t"), 1).failure());
    }

    @Test
    void realGpuTokensSatisfyTheirClaimsProfile() {
        assertTrue(NrasClaims.gpuClaims(gpuTokens(response(GpuSamples.JUNE + "nras_response.json")), "2.0", GpuArchitecture.HOPPER, NONE).ok());
        GpuCheck oldHwmodel = NrasClaims.gpuClaims(gpuTokens(response(GpuSamples.PML + "nras_response_8gpu_ppcie_2025-10-06.json")),
                "2.0", GpuArchitecture.HOPPER, NONE);
        assertTrue(oldHwmodel.ok(), "hwmodel 'GH100 A01 GSP BROM' starts with GH100: " + oldHwmodel.detail());
        List<NrasToken> v3 = gpuTokens(response(GpuSamples.NVAT + "hopperClaimsv3_detached_eat.json"));
        assertTrue(NrasClaims.gpuClaims(v3, "3.0", GpuArchitecture.HOPPER, NONE).ok());
        GpuCheck v3AsV2 = NrasClaims.gpuClaims(v3, "2.0", GpuArchitecture.HOPPER, NONE);
        assertEquals(GpuFailure.GPU_CLAIM_NOT_TRUE, v3AsV2.failure());
        assertTrue(v3AsV2.detail().contains("x-nvidia-gpu-attestation-report-cert-chain-validated"));
        assertEquals(GpuFailure.GPU_HWMODEL_UNEXPECTED, NrasClaims.gpuClaims(gpuTokens(response(GpuSamples.JUNE
                + "nras_response.json")), "2.0", GpuArchitecture.BLACKWELL, NONE).failure());
    }

    @Test
    void eachGpuClaimFailureHasItsReason() {
        assertTrue(gpuClaims(goodGpuClaims()).ok());
        GpuCheck error = gpuClaims(goodGpuClaims().withClaim("x-nvidia-error-details", Map.of("code", 4013)));
        assertEquals(GpuFailure.GPU_ERROR_REPORTED, error.failure());
        assertTrue(error.detail().contains("4013"));
        assertEquals(GpuFailure.GPU_MEASUREMENTS_MISMATCH, gpuClaims(goodGpuClaims().withClaim("measres", "fail")).failure());
        assertEquals(GpuFailure.GPU_CLAIM_NOT_TRUE, gpuClaims(goodGpuClaims().withClaim("secboot", false)).failure());
        assertEquals(GpuFailure.GPU_CLAIM_NOT_TRUE, gpuClaims(goodGpuClaims()
                .withClaim("x-nvidia-gpu-vbios-index-no-conflict", "true")).failure(), "a string is not true");
        assertEquals(GpuFailure.GPU_CLAIM_NOT_TRUE, gpuClaims(goodGpuClaims().withClaim("dbgstat", "enabled")).failure());
        assertEquals(GpuFailure.GPU_HWMODEL_UNEXPECTED, gpuClaims(goodGpuClaims().withClaim("hwmodel", "AD102")).failure());
        JWTCreator.Builder warned = goodGpuClaims().withClaim("x-nvidia-attestation-warning", "RIM cert expiring");
        assertEquals(GpuFailure.GPU_ATTESTATION_WARNING, gpuClaims(warned).failure());
        assertTrue(NrasClaims.gpuClaims(List.of(unsigned(warned)), "2.0", GpuArchitecture.HOPPER, NONE.withAttestationWarningAllowed(true)).ok());
        JWTCreator.Builder v3 = JWT.create().withClaim("measres", "success").withClaim("dbgstat", "disabled")
                .withClaim("hwmodel", "GH100");
        NrasClaims.GPU_TRUE_CLAIMS_V3.forEach(name -> v3.withClaim(name, true));
        NrasClaims.GPU_CERT_CHAIN_CLAIMS_V3.forEach(name -> v3.withClaim(name, Map.of("x-nvidia-cert-status", "valid",
                "x-nvidia-cert-ocsp-status", "good")));
        assertTrue(NrasClaims.gpuClaims(List.of(unsigned(v3)), "3.0", GpuArchitecture.HOPPER, NONE).ok());
        v3.withClaim("x-nvidia-gpu-driver-rim-cert-chain", Map.of("x-nvidia-cert-status", "valid",
                "x-nvidia-cert-ocsp-status", "revoked"));
        GpuCheck revoked = NrasClaims.gpuClaims(List.of(unsigned(v3)), "3.0", GpuArchitecture.HOPPER, NONE);
        assertEquals(GpuFailure.GPU_CLAIM_NOT_TRUE, revoked.failure());
        assertTrue(revoked.detail().contains("OCSP revoked"));
    }

    @Test
    void identityBindsTokensToTheEvidence() {
        List<NrasToken> june = gpuTokens(response(GpuSamples.JUNE + "nras_response.json"));
        List<GpuDevice> devices = new GpuVerifier(GpuTrust.production()).verifyEvidence(GpuSamples.payload(GpuSamples.JUNE),
                GpuSamples.nonce(GpuSamples.JUNE), NONE, Instant.parse("2026-06-29T02:06:52Z")).devices();
        assertTrue(NrasClaims.identity(june, devices).ok());
        List<GpuDevice> shuffled = new ArrayList<>(devices);
        java.util.Collections.swap(shuffled, 0, 1);
        assertEquals(GpuFailure.GPU_UEID_MISMATCH, NrasClaims.identity(june, shuffled).failure());
        List<GpuDevice> otherDriver = devices.stream().map(d -> new GpuDevice(d.index(), d.serialNumber(), d.model(),
                "580.65.06", d.vbiosVersion())).toList();
        assertEquals(GpuFailure.GPU_VERSION_MISMATCH, NrasClaims.identity(june, otherDriver).failure());
    }

    @Test
    void overallClaims() {
        NrasResponse june = response(GpuSamples.JUNE + "nras_response.json");
        var overall = token("overall", june.overallToken()).jwt();
        assertTrue(NrasClaims.overallResult(overall).ok());
        assertTrue(NrasClaims.claimsVersion(overall, "2.0").ok());
        assertEquals(GpuFailure.CLAIMS_VERSION_UNEXPECTED, NrasClaims.claimsVersion(overall, "3.0").failure());
        var v3 = token("overall", response(GpuSamples.NVAT + "hopperClaimsv3_detached_eat.json").overallToken()).jwt();
        assertEquals(GpuFailure.CLAIMS_VERSION_UNEXPECTED, NrasClaims.claimsVersion(v3, "2.0").failure());
        var otherSubject = JWT.decode(JWT.create().withSubject("NVIDIA-GPU-ATTESTATION").withClaim("x-nvidia-ver", "2.0")
                .sign(Algorithm.none()));
        assertEquals(GpuFailure.CLAIMS_VERSION_UNEXPECTED, NrasClaims.claimsVersion(otherSubject, "2.0").failure());
        for (JWTCreator.Builder bad : List.of(JWT.create().withClaim(NrasClaims.OVERALL_RESULT, false),
                JWT.create().withClaim(NrasClaims.OVERALL_RESULT, "true"), JWT.create().withClaim("x", 1))) {
            assertEquals(GpuFailure.OVERALL_RESULT_FALSE, NrasClaims.overallResult(JWT.decode(bad.sign(Algorithm.none()))).failure());
        }
    }

    @Test
    void issuerAndNonceOfEveryToken() {
        List<NrasToken> june = allTokens(response(GpuSamples.JUNE + "nras_response.json"));
        assertTrue(NrasClaims.issuer(june, "https://nras.attestation.nvidia.com").ok());
        GpuCheck issuer = NrasClaims.issuer(june, "https://nras.example");
        assertEquals(GpuFailure.TOKEN_ISSUER_MISMATCH, issuer.failure());
        assertTrue(issuer.detail().endsWith("and 1 more"), "9 tokens, 8 listed");
        assertTrue(NrasClaims.nonce(june, GpuNonce.ofHex(GpuSamples.nonce(GpuSamples.JUNE))).ok());
        assertTrue(NrasClaims.nonce(june, GpuNonce.ofHex(GpuSamples.nonce(GpuSamples.JUNE).toUpperCase())).ok());
        assertEquals(GpuFailure.TOKEN_NONCE_MISMATCH, NrasClaims.nonce(june, GpuNonce.ofHex(GpuSamples.nonce(GpuSamples.APRIL))).failure());
    }

    @Test
    void validityOfHandMadeTokens() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        var keys = generator.generateKeyPair();
        Algorithm es384 = Algorithm.ECDSA384((ECPublicKey) keys.getPublic(), (ECPrivateKey) keys.getPrivate());
        Instant iat = Instant.parse("2026-07-01T00:00:00Z");
        Duration leeway = Duration.ofSeconds(10);
        NrasToken good = token("overall", JWT.create().withIssuedAt(iat).withNotBefore(iat).withExpiresAt(iat.plusSeconds(3600)).sign(es384));
        assertTrue(NrasClaims.validity(List.of(good), List.of(es384), leeway, iat).ok());
        assertTrue(NrasClaims.validity(List.of(good), List.of(es384), leeway, iat.minusSeconds(9)).ok(), "within leeway");
        assertEquals(GpuFailure.TOKEN_NOT_YET_VALID, NrasClaims.validity(List.of(good), List.of(es384), leeway, iat.minusSeconds(11)).failure());
        assertEquals(GpuFailure.TOKEN_EXPIRED, NrasClaims.validity(List.of(good), List.of(es384), leeway, iat.plusSeconds(3610)).failure());
        NrasToken future = token("overall", JWT.create().withIssuedAt(iat.plusSeconds(600)).withNotBefore(iat)
                .withExpiresAt(iat.plusSeconds(3600)).sign(es384));
        assertEquals(GpuFailure.TOKEN_ISSUED_IN_FUTURE, NrasClaims.validity(List.of(future), List.of(es384), leeway, iat).failure());
        for (JWTCreator.Builder partial : List.of(JWT.create().withNotBefore(iat).withExpiresAt(iat.plusSeconds(60)),
                JWT.create().withIssuedAt(iat).withExpiresAt(iat.plusSeconds(60)), JWT.create().withIssuedAt(iat).withNotBefore(iat))) {
            assertEquals(GpuFailure.TOKEN_TIME_CLAIM_MISSING, NrasClaims.validity(List.of(token("overall", partial.sign(es384))),
                    List.of(es384), leeway, iat).failure());
        }
    }
}
