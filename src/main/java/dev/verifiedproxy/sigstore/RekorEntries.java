package dev.verifiedproxy.sigstore;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.verifiedproxy.sigstore.JsonFields.Malformed;

/**
 * Parses Rekor v1 entry responses: the object {@code {"<uuid>": entry}} of {@code GET /api/v1/log/entries/{uuid}}
 * and the array of such objects of {@code POST /api/v1/log/entries/retrieve}. Sizes are bounded, every field a
 * check relies on is validated here, and nothing is decoded leniently: a malformed entry is refused, not
 * repaired.
 */
public final class RekorEntries {

    /** A response of a few entries is tens of KiB; this leaves room for large DSSE bodies. */
    public static final int MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
    public static final int MAX_ENTRIES = 64;
    /** An entry body (base64) of a DSSE attestation with its certificate is about 10 KiB. */
    static final int MAX_BODY_CHARS = 512 * 1024;
    /** Deep enough for a tree of 2^64 leaves. */
    static final int MAX_PROOF_HASHES = 64;
    static final int MAX_CHECKPOINT_CHARS = 8 * 1024;

    private RekorEntries() {
    }

    public static List<RekorEntry> parse(byte[] response) throws RekorFormatException {
        try {
            JsonValue root = JsonFields.parse(response, MAX_RESPONSE_BYTES, "Rekor response");
            List<JsonObject> maps = new ArrayList<>();
            if (root.getValueType() == JsonValue.ValueType.ARRAY) {
                JsonArray array = JsonFields.array(root, "$", 1, MAX_ENTRIES);
                for (int i = 0; i < array.size(); i++) {
                    maps.add(JsonFields.object(array.get(i), "$[" + i + "]"));
                }
            } else {
                maps.add(JsonFields.object(root, "$"));
            }
            List<RekorEntry> entries = new ArrayList<>();
            for (JsonObject map : maps) {
                for (Map.Entry<String, JsonValue> e : map.entrySet()) {
                    if (entries.size() == MAX_ENTRIES) {
                        throw new Malformed("$", "more than " + MAX_ENTRIES + " entries");
                    }
                    entries.add(entry(e.getKey(), JsonFields.object(e.getValue(), "$." + e.getKey())));
                }
            }
            if (entries.isEmpty()) {
                throw new Malformed("$", "no entry");
            }
            return List.copyOf(entries);
        } catch (Malformed e) {
            throw new RekorFormatException(RekorFailure.ENTRY_MALFORMED, e.getMessage());
        }
    }

    /** Parses one response that must hold exactly one entry. */
    public static RekorEntry parseOne(byte[] response) throws RekorFormatException {
        List<RekorEntry> entries = parse(response);
        if (entries.size() != 1) {
            throw new RekorFormatException(RekorFailure.ENTRY_MALFORMED, entries.size() + " entries, expected one");
        }
        return entries.get(0);
    }

    private static RekorEntry entry(String uuid, JsonObject entry) {
        String path = "$." + (uuid.length() > 80 ? uuid.substring(0, 80) + "…" : uuid);
        if (!RekorEntry.UUID.matcher(uuid).matches()) {
            throw new Malformed(path, "the key is not a Rekor entry UUID (64 or 80 lowercase hex)");
        }
        String body = JsonFields.string(entry, "body", path, MAX_BODY_CHARS);
        JsonFields.base64(body, path + ".body", MAX_BODY_CHARS);
        long integratedTime = JsonFields.integer(entry, "integratedTime", path, 1, JsonFields.MAX_EXACT_INTEGER);
        String logId = JsonFields.string(entry, "logID", path, 64);
        if (!RekorEntry.LOG_ID.matcher(logId).matches()) {
            throw new Malformed(path + ".logID", "not 64 lowercase hex characters");
        }
        long logIndex = JsonFields.integer(entry, "logIndex", path, 0, JsonFields.MAX_EXACT_INTEGER);
        Optional<JsonObject> verification = JsonFields.optional(entry, "verification")
                .map(v -> JsonFields.object(v, path + ".verification"));
        Optional<String> set = verification.flatMap(v ->
                JsonFields.optionalString(v, "signedEntryTimestamp", path + ".verification", 1024));
        set.ifPresent(s -> JsonFields.base64(s, path + ".verification.signedEntryTimestamp", 512));
        Optional<InclusionProof> proof = verification.flatMap(v -> JsonFields.optional(v, "inclusionProof"))
                .map(p -> proof(JsonFields.object(p, path + ".verification.inclusionProof"),
                        path + ".verification.inclusionProof"));
        return new RekorEntry(Optional.of(uuid), body, integratedTime, logId, logIndex, set, proof);
    }

    private static InclusionProof proof(JsonObject proof, String path) {
        long logIndex = JsonFields.integer(proof, "logIndex", path, 0, Long.MAX_VALUE - 1);
        long treeSize = JsonFields.integer(proof, "treeSize", path, 1, Long.MAX_VALUE);
        Sha256Digest rootHash = JsonFields.sha256Hex(proof, "rootHash", path);
        JsonArray array = JsonFields.array(JsonFields.required(proof, "hashes", path), path + ".hashes", 0,
                MAX_PROOF_HASHES);
        List<Sha256Digest> hashes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String hashPath = path + ".hashes[" + i + "]";
            hashes.add(Sha256Digest.parseHex(JsonFields.text(array.get(i), hashPath, 64))
                    .orElseThrow(() -> new Malformed(hashPath, "not 64 lowercase hex characters")));
        }
        String checkpoint = JsonFields.string(proof, "checkpoint", path, MAX_CHECKPOINT_CHARS);
        return new InclusionProof(logIndex, treeSize, rootHash, hashes, checkpoint);
    }
}
