package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence.Tamper;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
        return verify(gpus.payload(NONCE, tamper), GpuExpectations.none().withVmGpuCount(3)).failures();
    }

    @Test
    void forgedEvidencePassesUnderItsTestRoot() {
        GpuResult result = verify(gpus.payload(NONCE), GpuExpectations.none().withVmGpuCount(3));
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
                GpuExpectations.none().withVmGpuCount(3), NOW);
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
        GpuResult result = verify(gpus.payload(NONCE, Tamper.SIGNATURE), GpuExpectations.none().withVmGpuCount(3));
        assertTrue(result.check(GpuCheckName.EVIDENCE_SIGNATURE).orElseThrow().detail().startsWith("GPU-2: "));
    }

    @Test
    void anotherNonceFailsThePayloadAndEveryGpu() {
        GpuResult result = verifier.verifyEvidence(gpus.payload(NONCE), "a5".repeat(32),
                GpuExpectations.none().withVmGpuCount(3), NOW);
        assertEquals(List.of(GpuFailure.PAYLOAD_NONCE_MISMATCH, GpuFailure.EVIDENCE_NONCE_MISMATCH), result.failures());
        assertTrue(result.check(GpuCheckName.PAYLOAD_NONCE).orElseThrow().detail().contains("evidence_list[2].nonce"));
    }

    @Test
    void theNonceComparisonIgnoresCase() {
        assertTrue(verifier.verifyEvidence(gpus.payload(NONCE), NONCE.toUpperCase(),
                GpuExpectations.none().withVmGpuCount(3), NOW).verified());
    }

    @Test
    void theGpuCountMustBeTheOneTheVmStates() {
        GpuResult result = verify(gpus.payload(NONCE), GpuExpectations.none().withVmGpuCount(8));
        assertEquals(List.of(GpuFailure.GPU_COUNT_VM_MISMATCH), result.failures());
        assertEquals("3 GPUs, vm_config num_gpus 8", result.check(GpuCheckName.GPU_COUNT).orElseThrow().detail());
        GpuResult unstated = verify(gpus.payload(NONCE), GpuExpectations.none());
        assertTrue(unstated.verified(), "without a VM count the check has nothing to compare; the policy judges the count");
        assertEquals(Optional.of(3), unstated.gpuCount());
    }

    /** {@code nvidia_payload} with its top-level {@code arch} and optionally every item's replaced. */
    private static String withArch(String payload, String arch, boolean items) {
        JsonObject parsed;
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            parsed = reader.readObject();
        }
        JsonArrayBuilder list = Json.createArrayBuilder();
        parsed.getJsonArray("evidence_list").forEach(item -> list.add(items
                ? Json.createObjectBuilder(item.asJsonObject()).add("arch", arch) : Json.createObjectBuilder(item.asJsonObject())));
        return Json.createObjectBuilder(parsed).add("arch", arch).add("evidence_list", list).build().toString();
    }

    @Test
    void theArchitectureIsThePayloadsAndMustAgreeWithItemsAndCertificates() {
        GpuResult hopper = verify(gpus.payload(NONCE), GpuExpectations.none());
        assertEquals(Optional.of(GpuArchitecture.HOPPER), hopper.architecture());
        GpuResult itemsDisagree = verify(withArch(gpus.payload(NONCE), "BLACKWELL", false), GpuExpectations.none());
        assertEquals(List.of(GpuFailure.ARCHITECTURE_INCONSISTENT), itemsDisagree.failures());
        assertTrue(itemsDisagree.check(GpuCheckName.ARCHITECTURE).orElseThrow().detail()
                .startsWith("evidence_list[0].arch HOPPER, payload arch BLACKWELL"));
        assertEquals(Optional.empty(), itemsDisagree.architecture());
        GpuResult certificatesDisagree = verify(withArch(gpus.payload(NONCE), "BLACKWELL", true), GpuExpectations.none());
        assertEquals(List.of(GpuFailure.ARCHITECTURE_INCONSISTENT), certificatesDisagree.failures());
        assertTrue(certificatesDisagree.check(GpuCheckName.ARCHITECTURE).orElseThrow().detail()
                .contains("leaf certificate is for"));
        GpuResult unknown = verify(withArch(gpus.payload(NONCE), "AMPERE", true), GpuExpectations.none());
        assertEquals(List.of(GpuFailure.ARCHITECTURE_UNKNOWN), unknown.failures());
        assertEquals(Optional.empty(), unknown.architecture());
    }

    @Test
    void firmwareVersionsMustBeAllowed() {
        GpuExpectations expectations = GpuExpectations.none().withVmGpuCount(3);
        assertEquals(List.of(GpuFailure.DRIVER_VERSION_NOT_ALLOWED), verify(gpus.payload(NONCE),
                expectations.withDriverVersions(Set.of("580.1"))).failures());
        assertEquals(List.of(GpuFailure.VBIOS_VERSION_NOT_ALLOWED), verify(gpus.payload(NONCE),
                expectations.withVbiosVersions(Set.of("96.00.CF.00.03"))).failures());
        assertTrue(verify(gpus.payload(NONCE), expectations.withDriverVersions(Set.of(FakeGpuEvidence.DRIVER_VERSION))
                .withVbiosVersions(Set.of(FakeGpuEvidence.VBIOS_VERSION.toLowerCase()))).verified());
    }

    @Test
    void aMalformedPayloadIsTheOnlyCheck() {
        GpuResult result = verify("{}", GpuExpectations.none().withVmGpuCount(3));
        assertEquals(List.of(GpuFailure.PAYLOAD_FIELD_INVALID), result.failures());
        assertEquals(1, result.checks().size());
        assertTrue(result.devices().isEmpty());
    }

    @Test
    void nvidiasHopperSampleFromDriver535HasNoFwidInItsEvidence() {
        // nvtrust skips the FWID comparison when the evidence has none; we fail closed. NEAR's GPUs (driver 570) carry it.
        GpuResult hopper = new GpuVerifier(GpuTrust.production()).verifyEvidence(GpuSamples.nvatPayload("hopper", "HOPPER"),
                GpuSamples.nvatNonce("hopper"), GpuExpectations.none().withVmGpuCount(1), NOW);
        assertEquals(List.of(GpuFailure.FWID_MISSING), hopper.failures());
        assertEquals("GPU-0: FWID absent from the evidence", hopper.check(GpuCheckName.FWID).orElseThrow().detail());
        assertEquals("535.86.09", hopper.devices().get(0).driverVersion());
    }

    @Test
    void nvidiasBlackwellSampleVerifies() {
        GpuVerifier nvidia = new GpuVerifier(GpuTrust.production());
        GpuResult blackwell = nvidia.verifyEvidence(GpuSamples.nvatPayload("blackwell", "BLACKWELL"),
                GpuSamples.nvatNonce("blackwell"), GpuExpectations.none().withVmGpuCount(1), NOW);
        assertTrue(blackwell.verified(), () -> String.valueOf(blackwell.firstFailure()));
        assertEquals("575.32", blackwell.devices().get(0).driverVersion());
    }

    @Test
    void theLegacyNearPayloadParsesAndItsSpdmSignatureVerifies() {
        GpuResult result = new GpuVerifier(GpuTrust.production()).verifyEvidence(GpuSamples.legacyPayload(),
                GpuSamples.LEGACY_NONCE, GpuExpectations.none().withVmGpuCount(1), Instant.parse("2025-01-06T00:00:00Z"));
        assertTrue(result.verified(), () -> String.valueOf(result.firstFailure()));
        assertTrue(result.check(GpuCheckName.PAYLOAD_FORMAT).orElseThrow().detail().contains("BASE64_HEX_TEXT"));
        assertEquals("550.135", result.devices().get(0).driverVersion());
        assertEquals("96.00.9D.00.02", result.devices().get(0).vbiosVersion());
    }
}
