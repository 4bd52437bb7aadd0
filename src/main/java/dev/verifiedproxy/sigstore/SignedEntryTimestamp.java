package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.json.JsonStrings;
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
        JsonStrings.appendQuoted(json, entry.body());
        json.append(",\"integratedTime\":").append(entry.integratedTime());
        json.append(",\"logID\":");
        JsonStrings.appendQuoted(json, entry.logId());
        json.append(",\"logIndex\":").append(entry.logIndex());
        json.append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
