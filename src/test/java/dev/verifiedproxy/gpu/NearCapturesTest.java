package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real NEAR AI captures (../shared/samples/nvidia/README.txt): payload, NRAS answer and the JWKS that
 * signed it verify completely offline at capture time, and fail once the tokens have expired.
 */
class NearCapturesTest {

    private static final GpuExpectations EIGHT_GPUS = GpuExpectations.none().withVmGpuCount(8);
    private final GpuVerifier verifier = new GpuVerifier(GpuTrust.production());

    /** A capture: folder, and the tokens' iat (README.txt, "Clock"). */
    private record Capture(String payload, String nonce, String response, String jwks, Instant iat) {

        static Capture nvidia(String folder, long iat) {
            String dir = "nvidia/" + folder + "/";
            return new Capture(Samples.text(dir + "nvidia_payload.json"), Samples.text(dir + "nonce.txt").strip(),
                    Samples.text(dir + "nras_response.json"), Samples.text(dir + "nras_jwks.json"),
                    Instant.ofEpochSecond(iat));
        }

        Instant expiry() {
            return iat.plus(Duration.ofHours(1));
        }
    }

    private static Capture capture(String folder) {
        return switch (folder) {
            case "near-cloud-2026-06-29" -> Capture.nvidia(folder, 1782698812L);
            case "near-cloud-2026-04-24" -> Capture.nvidia(folder, 1776996364L);
            default -> nearDirect();
        };
    }

    /** The direct-endpoint capture of 2026-06-29: nvidia_payload at the report's top level, teep's NRAS exchange. */
    private static Capture nearDirect() {
        String dir = "dstack/near-direct-2026-06-29/";
        JsonObject report;
        try (JsonReader reader = Json.createReader(new StringReader(
                Samples.text(dir + "responses/0001_qwen35-122b.completions.near.ai_v1_attestation_report.body")))) {
            report = reader.readObject();
        }
        String nonce;
        try (JsonReader reader = Json.createReader(new StringReader(Samples.text(dir + "manifest.json")))) {
            nonce = reader.readObject().getString("nonce_hex");
        }
        String response = Samples.text(dir + "responses/0006_nras.attestation.nvidia.com_v3_attest_gpu.body");
        Instant iat;
        try {
            iat = com.auth0.jwt.JWT.decode(NrasResponse.parse(response).overallToken()).getIssuedAtAsInstant();
        } catch (GpuFormatException e) {
            throw new AssertionError(e);
        }
        return new Capture(report.getString("nvidia_payload"), nonce, response,
                Samples.text(dir + "responses/0007_nras.attestation.nvidia.com_.well-known_jwks.json.body"), iat);
    }

    private GpuResult verify(Capture c, Instant at) {
        return verifier.verifyOffline(c.payload(), c.nonce(), c.response(), c.jwks(), EIGHT_GPUS, at);
    }

    @ParameterizedTest
    @ValueSource(strings = {"near-cloud-2026-06-29", "near-cloud-2026-04-24", "near-direct-2026-06-29"})
    void passesEveryCheckAtCaptureTime(String folder) {
        Capture c = capture(folder);
        GpuResult result = verify(c, c.iat().plusSeconds(1));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        assertEquals(GpuResult.Mode.NRAS_OFFLINE, result.mode());
        assertEquals(List.of(GpuCheckName.values()), result.checks().stream().map(GpuCheck::name).toList(),
                "every check ran, in order");
        assertEquals(8, result.devices().size());
        result.devices().forEach(d -> {
            assertEquals("570.172.08", d.driverVersion());
            assertEquals("96.00.CF.00.02", d.vbiosVersion());
            assertEquals("GH100 A01 GSP FMC LF", d.model());
        });
        assertEquals(c.response(), result.nras().orElseThrow().response());
        assertEquals(c.jwks(), result.nras().orElseThrow().jwks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"near-cloud-2026-06-29", "near-cloud-2026-04-24", "near-direct-2026-06-29"})
    void stillValidJustBeforeExpiryPlusLeeway(String folder) {
        Capture c = capture(folder);
        GpuResult result = verify(c, c.expiry().plus(GpuTrust.DEFAULT_LEEWAY).minusSeconds(1));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"near-cloud-2026-06-29", "near-cloud-2026-04-24", "near-direct-2026-06-29"})
    void failsOnceTheTokensHaveExpired(String folder) {
        Capture c = capture(folder);
        GpuResult result = verify(c, c.expiry().plus(GpuTrust.DEFAULT_LEEWAY));
        assertFalse(result.verified());
        assertEquals(List.of(GpuFailure.TOKEN_EXPIRED), result.failures());
        assertTrue(result.check(GpuCheckName.TOKEN_VALIDITY).orElseThrow().detail().contains("overall expired"));
    }

    /**
     * The key's certificates must hold both when it signed (iat) and when the token is judged: two days later
     * NRAS's short-lived signing certificate has lapsed, and the key no longer vouches for anything.
     */
    @Test
    void daysLaterTheSigningKeysCertificateHasLapsedToo() {
        Capture c = capture("near-cloud-2026-06-29");
        GpuResult result = verify(c, c.iat().plus(Duration.ofDays(2)));
        assertEquals(List.of(GpuFailure.JWKS_KEY_CERT_NOT_VALID), result.failures());
        assertTrue(result.check(GpuCheckName.TOKEN_KEY).orElseThrow().detail().contains("evaluation instant"),
                result.check(GpuCheckName.TOKEN_KEY).orElseThrow().detail());
    }

    @Test
    void failsBeforeTheTokensWereIssued() {
        Capture c = capture("near-cloud-2026-06-29");
        GpuResult result = verify(c, c.iat().minusSeconds(60));
        assertEquals(List.of(GpuFailure.TOKEN_NOT_YET_VALID), result.failures());
    }

    @Test
    void anotherCapturesKeySetDoesNotHoldTheSigningKey() {
        Capture april = capture("near-cloud-2026-04-24");
        Capture june = capture("near-cloud-2026-06-29");
        GpuResult result = verifier.verifyOffline(april.payload(), april.nonce(), april.response(), june.jwks(),
                EIGHT_GPUS, april.iat());
        assertEquals(List.of(GpuFailure.TOKEN_KID_UNKNOWN), result.failures());
    }

    @Test
    void anotherCapturesNrasAnswerFailsOnNonceAndUeid() {
        Capture april = capture("near-cloud-2026-04-24");
        Capture june = capture("near-cloud-2026-06-29");
        GpuResult result = verifier.verifyOffline(june.payload(), june.nonce(), april.response(), april.jwks(),
                EIGHT_GPUS, april.iat());
        assertEquals(List.of(GpuFailure.TOKEN_NONCE_MISMATCH, GpuFailure.GPU_UEID_MISMATCH), result.failures());
    }

    @Test
    void theWrongNonceStopsBeforeNras() {
        Capture c = capture("near-cloud-2026-06-29");
        GpuResult result = verifier.verifyOffline(c.payload(), "00".repeat(32), c.response(), c.jwks(), EIGHT_GPUS,
                c.iat());
        assertEquals(List.of(GpuFailure.PAYLOAD_NONCE_MISMATCH, GpuFailure.EVIDENCE_NONCE_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.NRAS_EXCHANGE).isEmpty());
        assertTrue(result.nras().isEmpty());
    }

    @Test
    void aGpuCountOtherThanTheVmsStopsBeforeNras() {
        Capture c = capture("near-cloud-2026-06-29");
        GpuResult result = verifier.verifyOffline(c.payload(), c.nonce(), c.response(), c.jwks(),
                GpuExpectations.none().withVmGpuCount(4), c.iat());
        assertEquals(List.of(GpuFailure.GPU_COUNT_VM_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.NRAS_EXCHANGE).isEmpty());
    }

    @Test
    void countAndArchitectureAreReportedAsFacts() {
        Capture c = capture("near-cloud-2026-06-29");
        GpuResult result = verifier.verifyOffline(c.payload(), c.nonce(), c.response(), c.jwks(), GpuExpectations.none(),
                c.iat());
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        assertEquals(java.util.Optional.of(8), result.gpuCount());
        assertEquals(java.util.Optional.of(GpuArchitecture.HOPPER), result.architecture());
        assertEquals("8 GPUs; vm_config states no num_gpus", result.check(GpuCheckName.GPU_COUNT).orElseThrow().detail());
    }

    @Test
    void evidenceOnlyVerificationOfTheCapturesNeedsNoNras() {
        for (String folder : List.of("near-cloud-2026-06-29", "near-cloud-2026-04-24", "near-direct-2026-06-29")) {
            Capture c = capture(folder);
            GpuResult result = verifier.verifyEvidence(c.payload(), c.nonce(), EIGHT_GPUS, Instant.parse("2030-01-01T00:00:00Z"));
            assertTrue(result.verified(), folder);
            assertEquals(GpuResult.Mode.EVIDENCE_ONLY, result.mode());
            assertEquals(GpuCheckName.FIRMWARE_VERSIONS, result.checks().get(result.checks().size() - 1).name());
        }
    }

    /** NEAR reports captured without their NRAS answer: the local evidence checks alone. */
    @ParameterizedTest
    @ValueSource(strings = {"nearai/01_verifier-fixture_gateway-report_gpt-oss-120b_ecdsa_2026-04/report.json",
            "nearai/teep_neardirect_qwen_qwen3.5-122b-a10b_20260424_021037/responses/"
                    + "0001_qwen35-122b.completions.near.ai_v1_attestation_report.body"})
    void otherNearReportsPassTheLocalEvidenceChecks(String path) {
        JsonObject report;
        try (JsonReader reader = Json.createReader(new StringReader(Samples.text(path)))) {
            report = reader.readObject();
        }
        JsonObject model = report.containsKey("model_attestations")
                ? report.getJsonArray("model_attestations").getJsonObject(0) : report;
        GpuResult result = verifier.verifyEvidence(model.getString("nvidia_payload"), model.getString("request_nonce"),
                EIGHT_GPUS, Instant.parse("2026-04-24T00:00:00Z"));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
    }

    @Test
    void firmwareAllowListsApplyToTheSignedVersions() {
        Capture c = capture("near-cloud-2026-06-29");
        assertTrue(verify(c, c.iat()).verified());
        GpuResult result = verifier.verifyOffline(c.payload(), c.nonce(), c.response(), c.jwks(),
                EIGHT_GPUS.withDriverVersions(java.util.Set.of("580.65.06")).withVbiosVersions(java.util.Set.of("96.00.cf.00.02")),
                c.iat());
        assertEquals(List.of(GpuFailure.DRIVER_VERSION_NOT_ALLOWED), result.failures());
    }
}
