package dev.verifiedproxy.gpu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The signed opaque data of an NVIDIA SPDM measurement response: a list of (type, value)
 * entries (gpu.md §3.1; type ids from nvtrust {@code OpaqueData.OPAQUE_DATA_TYPES}).
 *
 * @param entries the entries in the order they appear
 */
public record OpaqueData(List<Entry> entries) {

    public static final int DRIVER_VERSION = 3;
    public static final int VBIOS_VERSION = 6;
    public static final int NVDEC0_STATUS = 11;
    public static final int CHIP_SKU = 15;
    public static final int PROJECT = 17;
    public static final int PROJECT_SKU = 18;
    public static final int FWID = 20;
    public static final int PROTECTED_PCIE_STATUS = 21;

    /** One entry: its type id and raw value. */
    public record Entry(int type, byte[] value) {
        public Entry {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    public OpaqueData {
        entries = List.copyOf(entries);
    }

    static OpaqueData parse(byte[] opaque) throws GpuFormatException {
        ByteReader in = new ByteReader(opaque, "SPDM opaque data");
        List<Entry> entries = new ArrayList<>();
        while (in.remaining() > 0) {
            int type = in.u16();
            int length = in.u16();
            entries.add(new Entry(type, in.bytes(length)));
        }
        return new OpaqueData(entries);
    }

    /** The value of the first entry of {@code type}. */
    public Optional<byte[]> value(int type) {
        return entries.stream().filter(e -> e.type() == type).findFirst().map(Entry::value);
    }

    /** The driver version, NUL-terminated ASCII in the evidence, e.g. {@code 570.172.08}. */
    public Optional<String> driverVersion() {
        return value(DRIVER_VERSION).map(OpaqueData::cString);
    }

    /**
     * The VBIOS version as NVIDIA prints it: the 8 bytes {@code 00 CF 00 96 02 00 00 00} read as two
     * little-endian 32-bit words give {@code 96.00.CF.00.02} (nvtrust {@code format_vbios_version}).
     */
    public Optional<String> vbiosVersion() {
        return value(VBIOS_VERSION).filter(v -> v.length == 8).map(v -> {
            String low = String.format("%08X", (v[0] & 0xFF) | (v[1] & 0xFF) << 8 | (v[2] & 0xFF) << 16 | (long) (v[3] & 0xFF) << 24);
            String high = HexFormat.of().withUpperCase().toHexDigits(v[4]);
            return low.substring(0, 2) + "." + low.substring(2, 4) + "." + low.substring(4, 6) + "."
                    + low.substring(6, 8) + "." + high;
        });
    }

    /** The 48-byte firmware id the leaf certificate must also carry. */
    public Optional<byte[]> fwid() {
        return value(FWID);
    }

    private static String cString(byte[] value) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }
}
