package dev.verifiedproxy.quote;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the value type of every binary field of a quote, so records stay
 * immutable and compare by content. {@link #equals} runs in constant time for equal lengths
 * ({@link MessageDigest#isEqual}), so digests and measurements can be compared with it directly.
 */
public final class Bytes {

    private static final HexFormat HEX = HexFormat.of();
    private static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** A copy of {@code value}. */
    public static Bytes of(byte[] value) {
        return value.length == 0 ? EMPTY : new Bytes(value.clone());
    }

    /** A copy of {@code length} bytes of {@code source} from {@code offset}. */
    public static Bytes of(byte[] source, int offset, int length) {
        return new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Parses hex (either case), e.g. {@code "00A067110000"}. */
    public static Bytes fromHex(String hex) {
        return new Bytes(HEX.parseHex(hex));
    }

    public static Bytes empty() {
        return EMPTY;
    }

    public int length() {
        return value.length;
    }

    /** The byte at {@code index} as an unsigned value 0..255. */
    public int get(int index) {
        return value[index] & 0xFF;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return value.clone();
    }

    /** Lower-case hex. */
    public String hex() {
        return HEX.formatHex(value);
    }

    public boolean isAllZero() {
        int acc = 0;
        for (byte b : value) {
            acc |= b;
        }
        return acc == 0;
    }

    /** Content equality in constant time for equal lengths. */
    public boolean contentEquals(byte[] other) {
        return MessageDigest.isEqual(value, other);
    }

    /** Feeds the bytes into a digest without copying them. */
    public void updateDigest(MessageDigest digest) {
        digest.update(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && MessageDigest.isEqual(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
