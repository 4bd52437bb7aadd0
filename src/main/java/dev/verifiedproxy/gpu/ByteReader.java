package dev.verifiedproxy.gpu;

import java.util.Arrays;

/** Reads little-endian fields from a byte array, failing cleanly when the data runs out. */
final class ByteReader {

    private final byte[] data;
    private final String what;
    private int position;

    ByteReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    int position() {
        return position;
    }

    int remaining() {
        return data.length - position;
    }

    int u8() throws GpuFormatException {
        require(1);
        return data[position++] & 0xFF;
    }

    int u16() throws GpuFormatException {
        return u8() | (u8() << 8);
    }

    int u24() throws GpuFormatException {
        return u16() | (u8() << 16);
    }

    byte[] bytes(int length) throws GpuFormatException {
        require(length);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    private void require(int length) throws GpuFormatException {
        if (length < 0 || remaining() < length) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, what + " is truncated at byte " + position
                    + " (needs " + length + " more, " + remaining() + " left)");
        }
    }
}
