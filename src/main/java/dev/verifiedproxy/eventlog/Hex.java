package dev.verifiedproxy.eventlog;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Hex text as it appears in attestation reports, and constant-time comparison of the bytes it encodes. */
public final class Hex {

    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return LOWER.formatHex(bytes);
    }

    /**
     * Decodes hex in either case, with an optional {@code 0x} prefix (reports use both: EIP-55
     * addresses, prefixed nonces); empty text is zero bytes.
     */
    public static Optional<byte[]> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (hex.length() % 2 != 0) {
            return Optional.empty();
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(LOWER.parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** Decodes hex of exactly {@code bytes} bytes. */
    public static Optional<byte[]> decode(String text, int bytes) {
        return decode(text).filter(b -> b.length == bytes);
    }

    /** The canonical form used in records and details: lowercase, no prefix; empty if not hex of that length. */
    public static Optional<String> normalize(String text, int bytes) {
        return decode(text, bytes).map(Hex::encode);
    }

    /** Strict form required in policy files: lowercase, no prefix, exactly {@code bytes} bytes. */
    public static boolean isLowercase(String text, int bytes) {
        return text.length() == bytes * 2 && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** Constant-time equality of the bytes two hex texts encode; false if either is not hex. */
    public static boolean sameBytes(String a, String b) {
        Optional<byte[]> x = decode(a);
        Optional<byte[]> y = decode(b);
        return x.isPresent() && y.isPresent() && MessageDigest.isEqual(x.get(), y.get());
    }

    /** Whether every byte is zero (all-zero measurement registers mean "not used"). */
    public static boolean isZero(String hex) {
        return decode(hex).map(b -> {
            int acc = 0;
            for (byte v : b) {
                acc |= v;
            }
            return acc == 0;
        }).orElse(false);
    }

    /** A shortened value for details: the first 16 hex characters and an ellipsis. */
    public static String abbreviate(String hex) {
        return hex == null || hex.length() <= 20 ? String.valueOf(hex) : hex.substring(0, 16) + "…";
    }
}
