package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.testing.Samples;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Reads the real DCAP vectors of {@code ../shared/samples/dcap} (README.txt there) in place. */
public final class DcapSamples {

    private DcapSamples() {
    }

    /** A quote file: raw binary, or hex text with an optional "0x" prefix and whitespace. */
    public static byte[] quote(String relative) {
        byte[] raw = Samples.bytes("dcap/" + relative);
        String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
        if (text.matches("(0x)?[0-9a-fA-F\\s]+")) {
            return HexFormat.of().parseHex(text.replaceFirst("^0x", "").replaceAll("\\s", ""));
        }
        return raw;
    }

    /** A collateral JSON file's text. */
    public static String text(String relative) {
        return Samples.text("dcap/" + relative);
    }

    public static byte[] bytes(String relative) {
        return Samples.bytes("dcap/" + relative);
    }
}
