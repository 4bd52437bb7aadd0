package dev.verifiedproxy.quote;

/** A little-endian cursor over a byte array that never reads past its limit. */
final class ByteReader {

    private final byte[] data;
    private final int limit;
    private int position;

    ByteReader(byte[] data, int offset, int limit) {
        this.data = data;
        this.position = offset;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    private void need(int n, String what) throws QuoteFormatException {
        if (n < 0 || n > remaining()) {
            throw new QuoteFormatException(QuoteFormatProblem.TRUNCATED, "quote ends inside " + what + " at offset "
                    + position + " (" + n + " bytes needed, " + remaining() + " left)");
        }
    }

    int u16(String what) throws QuoteFormatException {
        need(2, what);
        int v = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        position += 2;
        return v;
    }

    long u32(String what) throws QuoteFormatException {
        need(4, what);
        long v = (data[position] & 0xFFL) | (data[position + 1] & 0xFFL) << 8 | (data[position + 2] & 0xFFL) << 16
                | (data[position + 3] & 0xFFL) << 24;
        position += 4;
        return v;
    }

    Bytes bytes(int n, String what) throws QuoteFormatException {
        need(n, what);
        Bytes b = Bytes.of(data, position, n);
        position += n;
        return b;
    }

    /** A copy of already-checked bytes (no bounds beyond the array's own). */
    Bytes copy(int offset, int length) {
        return Bytes.of(data, offset, length);
    }

    /** A sub-reader over the next {@code n} bytes; this reader moves past them. */
    ByteReader section(int n, String what) throws QuoteFormatException {
        need(n, what);
        ByteReader section = new ByteReader(data, position, position + n);
        position += n;
        return section;
    }

    /** Fails unless the section was consumed exactly. */
    void end(String what) throws QuoteFormatException {
        if (remaining() != 0) {
            throw new QuoteFormatException(QuoteFormatProblem.SECTION_LENGTH_MISMATCH,
                    what + " has " + remaining() + " unexplained bytes at offset " + position);
        }
    }
}
