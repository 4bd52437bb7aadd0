package dev.verifiedproxy.signature;

import java.util.HexFormat;
import java.util.Optional;

/** Strict hex: even length, digits and a-f/A-F only; output always lowercase (protocol.md §12). */
public final class Hex {

    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    /** The bytes of {@code text}, or empty when it is not hex. No prefix allowed. */
    public static Optional<byte[]> decode(String text) {
        if (text == null || text.length() % 2 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LOWER.parseHex(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code text} without one leading {@code 0x}/{@code 0X}, if it has one. */
    public static String stripPrefix(String text) {
        return text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    }
}
