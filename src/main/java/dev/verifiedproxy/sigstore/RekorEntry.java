package dev.verifiedproxy.sigstore;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Rekor v1 log entry as returned by {@code GET /api/v1/log/entries/{uuid}} or
 * {@code POST /api/v1/log/entries/retrieve}. Strings that signatures cover are kept exactly as sent.
 *
 * @param uuid                 the key the entry was returned under (tree id and leaf hash), when known
 * @param body                 the canonicalized entry, base64 as sent (the SET covers this text)
 * @param integratedTime       when the log integrated the entry, Unix seconds
 * @param logId                lowercase hex id of the log key that signs the entry
 * @param logIndex             the entry's global index in the log
 * @param signedEntryTimestamp base64 ECDSA signature of the log over the entry's canonical JSON, when present
 * @param inclusionProof       the Merkle inclusion proof with its checkpoint, when present
 */
public record RekorEntry(Optional<String> uuid, String body, long integratedTime, String logId, long logIndex,
                         Optional<String> signedEntryTimestamp, Optional<InclusionProof> inclusionProof) {

    static final Pattern UUID = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{80}");
    static final Pattern LOG_ID = Pattern.compile("[0-9a-f]{64}");

    public RekorEntry {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(signedEntryTimestamp, "signedEntryTimestamp");
        Objects.requireNonNull(inclusionProof, "inclusionProof");
        // Invariants the parser checks with better messages; kept here for entries assembled elsewhere
        // (e.g. from a Sigstore bundle), so that verification never meets undecodable input.
        Base64.getDecoder().decode(body);
        signedEntryTimestamp.ifPresent(s -> Base64.getDecoder().decode(s));
        if (!LOG_ID.matcher(logId).matches() || integratedTime < 0 || logIndex < 0
                || uuid.filter(u -> !UUID.matcher(u).matches()).isPresent()) {
            throw new IllegalArgumentException("logID, UUID, integratedTime or logIndex out of form");
        }
    }

    /** The decoded body: the bytes that are the Merkle leaf. */
    public byte[] bodyBytes() {
        return Base64.getDecoder().decode(body);
    }

    public Instant integratedInstant() {
        return Instant.ofEpochSecond(integratedTime);
    }

    /** A copy with other verification data, for callers that reassemble an entry (and for negative tests). */
    public RekorEntry withVerification(Optional<String> set, Optional<InclusionProof> proof) {
        return new RekorEntry(uuid, body, integratedTime, logId, logIndex, set, proof);
    }
}
