package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence.Tamper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local evidence checks, on forged evidence (each tamper) and on NVIDIA's own samples. */
class EvidenceVerifierTest {

    private static final Instant NOW = Instant.parse("2026-07-01T00:00:00Z");
    private static final String NONCE = "5a".repeat(32);
    private static FakeGpuEvidence gpus;
    private static GpuVerifier verifier;

    @BeforeAll
    static void forge() {
        gpus = FakeGpuEvidence.hopper(3);
        verifier = new GpuVerifier(GpuTrust.production().withDeviceRoot(gpus.deviceRoot()));
    }

    private static GpuResult verify(String payload, GpuExpectations expectations) {
        return verifier.verifyEvidence(payload, NONCE, expectations, NOW);
    }

    private static List<GpuFailure> failures(Tamper tamper) {
        return verify(gpus.payload(NONCE, tamper), GpuExpectations.of(3, GpuArchitecture.HOPPER)).failures();
    }

    @Test
    void forgedEvidencePassesUnderItsTestRoot() {
        GpuResult result = verify(gpus.payload(NONCE), GpuExpectations.of(3, GpuArchitecture.HOPPER));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        assertEquals(List.of(GpuCheckName.PAYLOAD_FORMAT, GpuCheckName.PAYLOAD_NONCE, GpuCheckName.GPU_COUNT,
                GpuCheckName.ARCHITECTURE, GpuCheckName.EVIDENCE_NONCE, GpuCheckName.DEVICE_CERT_CHAIN,
                GpuCheckName.EVIDENCE_SIGNATURE, GpuCheckName.FWID, GpuCheckName.FIRMWARE_VERSIONS),
                result.checks().stream().map(GpuCheck::name).toList());
        assertEquals(gpus.serial(1).toString(), result.devices().get(1).serialNumber());
        assertEquals(FakeGpuEvidence.DRIVER_VERSION, result.devices().get(1).driverVersion());
        assertEquals(FakeGpuEvidence.VBIOS_VERSION, result.devices().get(1).vbiosVersion());
    }

    @Test
    void forgedEvidenceFailsUnderNvidiasRoot() {
        GpuResult result = new GpuVerifier(GpuTrust.production()).verifyEvidence(gpus.payload(NONCE), NONCE,
                GpuExpectations.of(3, GpuArchitecture.HOPPER), NOW);
        assertEquals(List.of(GpuFailure.CERT_CHAIN_UNTRUSTED), result.failures());
    }

    @Test
    void eachTamperFailsItsCheck() {
        assertEquals(List.of(GpuFailure.EVIDENCE_NONCE_MISMATCH), failures(Tamper.SPLICED_NONCE));
        assertEquals(List.of(GpuFailure.ITEM_NONCE_MISMATCH), failures(Tamper.ITEM_NONCE));
        assertEquals(List.of(GpuFailure.EVIDENCE_SIGNATURE_INVALID), failures(Tamper.SIGNATURE));
        assertEquals(List.of(GpuFailure.FWID_MISMATCH), failures(Tamper.FWID));
        assertEquals(List.of(GpuFailure.CERT_CHAIN_UNTRUSTED), failures(Tamper.FOREIGN_CHAIN));
        assertEquals(List.of(), failures(Tamper.LEGACY_ENCODING));
    }

    @Test
    void theFailureNamesTheGpu() {
        GpuResult result = verify(gpus.payload(NONCE, Tamper.SIGNATURE), GpuExpectations.of(3, GpuArchitecture.HOPPER));
        assertTrue(result.check(GpuCheckName.EVIDENCE_SIGNATURE).orElseThrow().detail().startsWith("GPU-2: "));
    }

    @Test
    void anotherNonceFailsThePayloadAndEveryGpu() {
        GpuResult result = verifier.verifyEvidence(gpus.payload(NONCE), "a5".repeat(32),
                GpuExpectations.of(3, GpuArchitecture.HOPPER), NOW);
        assertEquals(List.of(GpuFailure.PAYLOAD_NONCE_MISMATCH, GpuFailure.EVIDENCE_NONCE_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.PAYLOAD_NONCE).orElseThrow().detail().contains("evidence_list[2].nonce"));
    }

    @Test
    void theNonceComparisonIgnoresCase() {
        assertTrue(verifier.verifyEvidence(gpus.payload(NONCE), NONCE.toUpperCase(),
                GpuExpectations.of(3, GpuArchitecture.HOPPER), NOW).verified());
    }

    @Test
    void theGpuCountMustBeTheExpectedOne() {
        assertEquals(List.of(GpuFailure.GPU_COUNT_UNEXPECTED),
                verify(gpus.payload(NONCE), GpuExpectations.of(8, GpuArchitecture.HOPPER)).failures());
    }

    @Test
    void theArchitectureMustBeTheExpectedOne() {
        GpuResult result = verify(gpus.payload(NONCE), GpuExpectations.of(3, GpuArchitecture.BLACKWELL));
        assertEquals(List.of(GpuFailure.ARCHITECTURE_UNEXPECTED), result.failures());
        assertTrue(result.check(GpuCheckName.ARCHITECTURE).orElseThrow().detail().contains("leaf certificate is for"));
    }

    @Test
    void firmwareVersionsMustBeAllowed() {
        GpuExpectations expectations = GpuExpectations.of(3, GpuArchitecture.HOPPER);
        assertEquals(List.of(GpuFailure.DRIVER_VERSION_NOT_ALLOWED), verify(gpus.payload(NONCE),
                expectations.withDriverVersions(Set.of("580.1"))).failures());
        assertEquals(List.of(GpuFailure.VBIOS_VERSION_NOT_ALLOWED), verify(gpus.payload(NONCE),
                expectations.withVbiosVersions(Set.of("96.00.CF.00.03"))).failures());
        assertTrue(verify(gpus.payload(NONCE), expectations.withDriverVersions(Set.of(FakeGpuEvidence.DRIVER_VERSION))
                .withVbiosVersions(Set.of(FakeGpuEvidence.VBIOS_VERSION.toLowerCase()))).verified());
    }

    @Test
    void aMalformedPayloadIsTheOnlyCheck() {
        GpuResult result = verify("{}", GpuExpectations.of(3, GpuArchitecture.HOPPER));
        assertEquals(List.of(GpuFailure.PAYLOAD_FIELD_INVALID), result.failures());
        assertEquals(1, result.checks().size());
        assertTrue(result.devices().isEmpty());
    }

    @Test
    void nvidiasHopperSampleFromDriver535HasNoFwidInItsEvidence() {
        // nvtrust skips the FWID comparison when the evidence has none; we fail closed. NEAR's GPUs (driver 570) carry it.
        GpuResult hopper = new GpuVerifier(GpuTrust.production()).verifyEvidence(GpuSamples.nvatPayload("hopper", "HOPPER"),
                GpuSamples.nvatNonce("hopper"), GpuExpectations.of(1, GpuArchitecture.HOPPER), NOW);
        assertEquals(List.of(GpuFailure.FWID_MISSING), hopper.failures());
        assertEquals("GPU-0: FWID absent from the evidence", hopper.check(GpuCheckName.FWID).orElseThrow().detail());
        assertEquals("535.86.09", hopper.devices().get(0).driverVersion());
    }

    @Test
    void nvidiasBlackwellSampleVerifies() {
        GpuVerifier nvidia = new GpuVerifier(GpuTrust.production());
        GpuResult blackwell = nvidia.verifyEvidence(GpuSamples.nvatPayload("blackwell", "BLACKWELL"),
                GpuSamples.nvatNonce("blackwell"), GpuExpectations.of(1, GpuArchitecture.BLACKWELL), NOW);
        assertTrue(blackwell.verified(), () -> String.valueOf(blackwell.firstFailure()));
        assertEquals("575.32", blackwell.devices().get(0).driverVersion());
    }

    @Test
    void theLegacyNearPayloadParsesAndItsSpdmSignatureVerifies() {
        GpuResult result = new GpuVerifier(GpuTrust.production()).verifyEvidence(GpuSamples.legacyPayload(),
                GpuSamples.LEGACY_NONCE, GpuExpectations.of(1, GpuArchitecture.HOPPER), Instant.parse("2025-01-06T00:00:00Z"));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        assertTrue(result.check(GpuCheckName.PAYLOAD_FORMAT).orElseThrow().detail().contains("BASE64_HEX_TEXT"));
        assertEquals("550.135", result.devices().get(0).driverVersion());
        assertEquals("96.00.9D.00.02", result.devices().get(0).vbiosVersion());
    }
}
