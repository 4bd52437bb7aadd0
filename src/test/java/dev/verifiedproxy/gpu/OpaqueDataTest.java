package dev.verifiedproxy.gpu;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpaqueDataTest {

    @Test
    void entriesAreTypeLengthValueLittleEndian() throws GpuFormatException {
        OpaqueData data = OpaqueData.parse(HexFormat.of().parseHex(
                "0600" + "0800" + "00cf009602000000"
                        + "0300" + "0b00" + HexFormat.of().formatHex("570.172.08\0".getBytes())
                        + "0b00" + "0100" + "55"));
        assertEquals(List.of(6, 3, 11), data.entries().stream().map(OpaqueData.Entry::type).toList());
        assertEquals("96.00.CF.00.02", data.vbiosVersion().orElseThrow());
        assertEquals("570.172.08", data.driverVersion().orElseThrow());
        assertArrayEquals(new byte[] {0x55}, data.value(OpaqueData.NVDEC0_STATUS).orElseThrow());
        assertTrue(data.fwid().isEmpty());
    }

    @Test
    void vbiosVersionsFormatLikeNvidia() throws GpuFormatException {
        // 96.00.5E.00.01 (nvat Hopper sample) and 97.00.88.00.0F (Blackwell sample)
        assertEquals("96.00.5E.00.01", OpaqueData.parse(HexFormat.of().parseHex("0600" + "0800" + "005e0096" + "01000000"))
                .vbiosVersion().orElseThrow());
        assertEquals("97.00.88.00.0F", OpaqueData.parse(HexFormat.of().parseHex("0600" + "0800" + "00880097" + "0f000000"))
                .vbiosVersion().orElseThrow());
        assertTrue(OpaqueData.parse(HexFormat.of().parseHex("060002000100")).vbiosVersion().isEmpty(), "not 8 bytes");
    }

    @Test
    void aDriverVersionWithoutNulIsReadToTheEnd() throws GpuFormatException {
        assertEquals("550.135", OpaqueData.parse(HexFormat.of().parseHex("03000700" + HexFormat.of().formatHex("550.135".getBytes())))
                .driverVersion().orElseThrow());
    }

    @Test
    void aTruncatedEntryIsRefused() {
        for (String hex : new String[] {"06", "0600", "060008", "0600080000cf"}) {
            GpuFormatException e = assertThrows(GpuFormatException.class, () -> OpaqueData.parse(HexFormat.of().parseHex(hex)));
            assertEquals(GpuFailure.EVIDENCE_MALFORMED, e.reason());
        }
    }
}
