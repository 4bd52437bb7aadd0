package dev.verifiedproxy.json;

/**
 * JSON string literals written by hand, for the digests and signatures computed over JSON text (a
 * compose-manager's actions hash, a Rekor entry's signed timestamp). Those bytes must match what
 * the signer produced, which JSON-P's writer does not promise; serde_json, Python's json (with
 * ensure_ascii off) and RFC 8785 §3.2.2.2 all agree on this form: raw UTF-8, the quote, the
 * backslash and control characters escaped, with the five short escapes where JSON has them.
 */
public final class JsonStrings {

    private JsonStrings() {
    }

    /** Appends {@code text} as a quoted JSON string. */
    public static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
