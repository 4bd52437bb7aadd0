package dev.verifiedproxy.gpu;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpdmMeasurementsTest {

    private static byte[] nearEvidence() {
        return Base64.getDecoder().decode(NvidiaPayloadTest.first(GpuSamples.payload(GpuSamples.JUNE)).getString("evidence"));
    }

    @Test
    void nearEvidenceIsARequestAndA64BlockSignedResponse() throws GpuFormatException {
        byte[] evidence = nearEvidence();
        SpdmMeasurements spdm = SpdmMeasurements.parse(evidence);
        assertEquals(4266, evidence.length);
        assertEquals(GpuSamples.nonce(GpuSamples.JUNE), HexFormat.of().formatHex(spdm.requesterNonce()));
        assertEquals(64, spdm.blocks().size());
        for (int i = 0; i < 64; i++) {
            assertEquals(i + 1, spdm.blocks().get(i).index());
            assertEquals(48, spdm.blocks().get(i).value().length);
        }
        assertEquals(32, spdm.responderNonce().length);
        assertEquals(96, spdm.signature().length);
        assertArrayEquals(Arrays.copyOf(evidence, evidence.length - 96), spdm.signedData());
        OpaqueData opaque = spdm.opaque();
        assertEquals("570.172.08", opaque.driverVersion().orElseThrow());
        assertEquals("96.00.CF.00.02", opaque.vbiosVersion().orElseThrow());
        assertEquals(48, opaque.fwid().orElseThrow().length);
        assertArrayEquals(new byte[] {0x55}, opaque.value(OpaqueData.NVDEC0_STATUS).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 0xAA}, opaque.value(OpaqueData.PROTECTED_PCIE_STATUS).orElseThrow());
    }

    @Test
    void nvatHopperAndBlackwellReportsParse() throws GpuFormatException {
        SpdmMeasurements hopper = SpdmMeasurements.parse(GpuSamples.nvatReport("hopper"));
        assertEquals("535.86.09", hopper.opaque().driverVersion().orElseThrow());
        assertEquals("96.00.5E.00.01", hopper.opaque().vbiosVersion().orElseThrow());
        assertTrue(HexFormat.of().formatHex(hopper.requesterNonce()).startsWith("27a32824"));
        SpdmMeasurements blackwell = SpdmMeasurements.parse(GpuSamples.nvatReport("blackwell"));
        assertEquals("575.32", blackwell.opaque().driverVersion().orElseThrow());
        assertEquals("97.00.88.00.0F", blackwell.opaque().vbiosVersion().orElseThrow());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] evidence = nearEvidence();
        for (int length : new int[] {0, 1, 4, 36, 37, 41, 44, 100, 3564, 3600, evidence.length - 96, evidence.length - 1}) {
            assertMalformed(Arrays.copyOf(evidence, length));
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] evidence = nearEvidence();
        assertMalformed(Arrays.copyOf(evidence, evidence.length + 1));
    }

    @Test
    void wrongVersionsCodesAndAttributesAreRefused() {
        for (int[] change : new int[][] {{0, 0x10}, {1, 0xE1}, {2, 0x00}, {37, 0x12}, {38, 0x61}, {46, 0x02}}) {
            byte[] evidence = nearEvidence();
            evidence[change[0]] = (byte) change[1];
            assertMalformed(evidence);
        }
    }

    @Test
    void oversizedEvidenceIsRefusedUnread() {
        assertMalformed(new byte[SpdmMeasurements.MAX_EVIDENCE_BYTES + 1]);
    }

    private static void assertMalformed(byte[] evidence) {
        GpuFormatException e = assertThrows(GpuFormatException.class, () -> SpdmMeasurements.parse(evidence));
        assertEquals(GpuFailure.EVIDENCE_MALFORMED, e.reason());
    }
}
