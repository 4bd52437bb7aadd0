package dev.verifiedproxy.gpu;

import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-06-29T02:06:52Z");
    private final DeviceCertificates pinned = new DeviceCertificates(GpuTrust.pinnedDeviceRoot());

    private static List<X509Certificate> chain(String pem) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .forEach(c -> chain.add((X509Certificate) c));
        return chain;
    }

    @Test
    void theShippedRootIsNvidiasDeviceIdentityCa() throws Exception {
        X509Certificate root = GpuTrust.pinnedDeviceRoot();
        X509Certificate published = GpuTrust.certificate(Samples.bytes("nvidia/nvtrust/verifier_device_root.pem"));
        assertArrayEquals(published.getEncoded(), root.getEncoded());
        assertEquals(GpuTrust.DEVICE_ROOT_SHA256,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())));
        assertEquals("NVIDIA Device Identity CA", EvidenceVerifier.commonName(root));
        byte[] resource = getClass().getResourceAsStream("/dev/verifiedproxy/gpu/nvidia-device-identity-ca.pem").readAllBytes();
        assertFalse(java.util.Arrays.equals(resource, Samples.bytes("nvidia/nvtrust/verifier_device_root.pem")),
                "the resource is our own PEM text, not a copy of the sample file");
    }

    @Test
    void nearAndNvatChainsValidateToThePinnedRoot() throws Exception {
        for (EvidenceItem item : GpuSamples.parsed(GpuSamples.JUNE).evidenceList()) {
            assertTrue(pinned.validate(item.certificates(), NOW).isEmpty());
        }
        assertTrue(pinned.validate(chain(GpuSamples.nvatChainPem("hopper")), NOW).isEmpty());
        assertTrue(pinned.validate(chain(GpuSamples.nvatChainPem("blackwell")), NOW).isEmpty());
    }

    @Test
    void aChainUnderAnotherRootIsUntrusted() {
        List<X509Certificate> near = GpuSamples.parsed(GpuSamples.JUNE).evidenceList().get(0).certificates();
        GpuCheck failure = new DeviceCertificates(FakeGpuEvidence.hopper(1).deviceRoot()).validate(near, NOW).orElseThrow();
        assertEquals(GpuFailure.CERT_CHAIN_UNTRUSTED, failure.failure());
    }

    @Test
    void aChainOfAnotherLengthIsRefused() {
        List<X509Certificate> near = GpuSamples.parsed(GpuSamples.JUNE).evidenceList().get(0).certificates();
        assertEquals(GpuFailure.CERT_CHAIN_LENGTH, pinned.validate(near.subList(0, 4), NOW).orElseThrow().failure());
        List<X509Certificate> six = new ArrayList<>(near);
        six.add(near.get(4));
        assertEquals(GpuFailure.CERT_CHAIN_LENGTH, pinned.validate(six, NOW).orElseThrow().failure());
    }

    @Test
    void aChainIsUntrustedBeforeItsCertificatesAreValid() {
        List<X509Certificate> near = GpuSamples.parsed(GpuSamples.JUNE).evidenceList().get(0).certificates();
        GpuCheck failure = pinned.validate(near, Instant.parse("2020-01-01T00:00:00Z")).orElseThrow();
        assertEquals(GpuFailure.CERT_CHAIN_UNTRUSTED, failure.failure());
    }

    @Test
    void aChainWithItsOrderBrokenIsUntrusted() {
        List<X509Certificate> near = new ArrayList<>(GpuSamples.parsed(GpuSamples.JUNE).evidenceList().get(0).certificates());
        java.util.Collections.swap(near, 1, 2);
        assertEquals(GpuFailure.CERT_CHAIN_UNTRUSTED, pinned.validate(near, NOW).orElseThrow().failure());
    }

    @Test
    void hopperLeavesCarryTheFwidOfTheirEvidence() {
        for (EvidenceItem item : GpuSamples.parsed(GpuSamples.JUNE).evidenceList()) {
            assertArrayEquals(item.measurements().opaque().fwid().orElseThrow(), DeviceCertificates.fwid(item.leaf()).orElseThrow());
        }
    }

    @Test
    void blackwellLeavesCarryTheFwidInTheirTcbInfo() throws Exception {
        X509Certificate leaf = chain(GpuSamples.nvatChainPem("blackwell")).get(0);
        assertTrue(leaf.getNonCriticalExtensionOIDs().contains(DeviceCertificates.TCG_DICE_TCB_INFO));
        byte[] fwid = DeviceCertificates.fwid(leaf).orElseThrow();
        assertTrue(HexFormat.of().formatHex(fwid).startsWith("d090cab1b6e6ffdd"));
        assertArrayEquals(SpdmMeasurements.parse(GpuSamples.nvatReport("blackwell")).opaque().fwid().orElseThrow(), fwid);
    }

    @Test
    void aCertificateWithoutDiceExtensionHasNoFwid() {
        assertTrue(DeviceCertificates.fwid(GpuTrust.pinnedDeviceRoot()).isEmpty());
    }
}
