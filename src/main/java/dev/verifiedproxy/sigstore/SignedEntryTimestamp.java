package dev.verifiedproxy.sigstore;

import java.nio.charset.StandardCharsets;

/**
 * What a Rekor v1 signed entry timestamp signs: the RFC 8785 canonical JSON of
 * {@code {"body", "integratedTime", "logID", "logIndex"}} — members sorted by name, no whitespace,
 * integers in plain decimal, strings minimally escaped. The two strings are taken exactly as the log sent
 * them (base64 and lowercase hex, so escaping never applies in practice; it is implemented anyway).
 */
public final class SignedEntryTimestamp {

    private SignedEntryTimestamp() {
    }

    public static byte[] canonicalPayload(RekorEntry entry) {
        StringBuilder json = new StringBuilder(entry.body().length() + 160);
        json.append("{\"body\":");
        string(json, entry.body());
        json.append(",\"integratedTime\":").append(entry.integratedTime());
        json.append(",\"logID\":");
        string(json, entry.logId());
        json.append(",\"logIndex\":").append(entry.logIndex());
        json.append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 8785 §3.2.2.2: escape quote, backslash and controls; the five short forms where JSON has them. */
    static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
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
