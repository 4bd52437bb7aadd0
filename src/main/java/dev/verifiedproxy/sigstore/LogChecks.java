package dev.verifiedproxy.sigstore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The transparency-log half of an entry's verification: UUID, time, log key, signed entry timestamp,
 * inclusion proof and checkpoint. Each check is appended to the caller's list; a check whose input is
 * missing because an earlier one failed is not run (and the result can then not be verified).
 */
final class LogChecks {

    private final TrustedRoot root;

    LogChecks(TrustedRoot root) {
        this.root = root;
    }

    void run(RekorEntry entry, Instant at, List<RekorCheck> checks) {
        Sha256Digest leaf = MerkleTree.leafHash(entry.bodyBytes());
        entry.uuid().ifPresent(uuid -> checks.add(uuid(uuid, leaf)));
        checks.add(integratedTime(entry, at));
        Optional<TransparencyLogKey> key = logKey(entry, checks);
        key.ifPresent(k -> checks.add(signedEntryTimestamp(entry, k)));
        if (entry.inclusionProof().isEmpty()) {
            checks.add(RekorCheck.fail(RekorFailure.INCLUSION_PROOF_MISSING, "no verification.inclusionProof"));
            return;
        }
        InclusionProof proof = entry.inclusionProof().get();
        checks.add(inclusion(proof, leaf));
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(proof.checkpoint());
        } catch (RekorFormatException e) {
            checks.add(e.toCheck());
            return;
        }
        key.ifPresent(k -> checks.add(checkpointSignature(checkpoint, k)));
        checks.add(consistency(checkpoint, proof));
    }

    /** A UUID is a lookup handle: the entry it returned must be the leaf it names (the tree id prefix is informative). */
    private static RekorCheck uuid(String uuid, Sha256Digest leaf) {
        String named = uuid.substring(uuid.length() - 64);
        return named.equals(leaf.hex())
                ? RekorCheck.pass(RekorCheckName.ENTRY_UUID, "leaf hash " + leaf.hex())
                : RekorCheck.fail(RekorFailure.UUID_MISMATCH, "UUID names " + named + ", body hashes to " + leaf.hex());
    }

    private static RekorCheck integratedTime(RekorEntry entry, Instant at) {
        Instant integrated = entry.integratedInstant();
        return integrated.isAfter(at)
                ? RekorCheck.fail(RekorFailure.INTEGRATED_TIME_IN_FUTURE, "integrated " + integrated + ", evaluated at " + at)
                : RekorCheck.pass(RekorCheckName.INTEGRATED_TIME, "integrated " + integrated);
    }

    private Optional<TransparencyLogKey> logKey(RekorEntry entry, List<RekorCheck> checks) {
        List<TransparencyLogKey> keys = root.logKeys(entry.logId());
        if (keys.isEmpty()) {
            checks.add(RekorCheck.fail(RekorFailure.LOG_KEY_UNKNOWN, "logID " + entry.logId()));
            return Optional.empty();
        }
        Instant integrated = entry.integratedInstant();
        Optional<TransparencyLogKey> valid = keys.stream().filter(k -> k.validFor().contains(integrated)).findFirst();
        if (valid.isEmpty()) {
            checks.add(RekorCheck.fail(RekorFailure.LOG_KEY_NOT_VALID_AT_INTEGRATED_TIME, "logID " + entry.logId()
                    + " is trusted for " + keys.stream().map(k -> k.validFor().toString()).toList()
                    + ", integrated " + integrated));
            return Optional.empty();
        }
        TransparencyLogKey key = valid.get();
        checks.add(RekorCheck.pass(RekorCheckName.LOG_KEY, key.baseUrl() + " key " + key.logId()));
        return valid;
    }

    private static RekorCheck signedEntryTimestamp(RekorEntry entry, TransparencyLogKey key) {
        if (entry.signedEntryTimestamp().isEmpty()) {
            return RekorCheck.fail(RekorFailure.SET_MISSING, "no verification.signedEntryTimestamp");
        }
        byte[] signature = Base64.getDecoder().decode(entry.signedEntryTimestamp().get());
        return key.algorithm().verify(key.key(), SignedEntryTimestamp.canonicalPayload(entry), signature)
                ? RekorCheck.pass(RekorCheckName.SIGNED_ENTRY_TIMESTAMP, "log index " + entry.logIndex()
                        + " integrated " + entry.integratedInstant())
                : RekorCheck.fail(RekorFailure.SET_SIGNATURE_INVALID, "log index " + entry.logIndex());
    }

    private static RekorCheck inclusion(InclusionProof proof, Sha256Digest leaf) {
        Optional<Sha256Digest> computed = MerkleTree.rootFromInclusionProof(proof.logIndex(), proof.treeSize(), leaf,
                proof.hashes());
        String where = "leaf " + proof.logIndex() + " of " + proof.treeSize();
        if (computed.isEmpty()) {
            return RekorCheck.fail(RekorFailure.INCLUSION_PROOF_MALFORMED, where + " with " + proof.hashes().size()
                    + " hashes");
        }
        return computed.get().equals(proof.rootHash())
                ? RekorCheck.pass(RekorCheckName.INCLUSION_PROOF, where + ", root " + proof.rootHash().hex())
                : RekorCheck.fail(RekorFailure.INCLUSION_PROOF_INVALID, where + ": computed root " + computed.get().hex()
                        + ", proof says " + proof.rootHash().hex());
    }

    /** Signature lines of other keys (witnesses) are ignored; one line with this key's hint must verify. */
    private static RekorCheck checkpointSignature(Checkpoint checkpoint, TransparencyLogKey key) {
        byte[] hint = key.checkpointKeyHint();
        List<NoteSignature> mine = checkpoint.signatures().stream()
                .filter(s -> Arrays.equals(s.keyHint(), hint)).toList();
        if (mine.isEmpty()) {
            return RekorCheck.fail(RekorFailure.CHECKPOINT_NOT_SIGNED_BY_LOG, "signatures " + checkpoint.signatures());
        }
        byte[] text = checkpoint.signedBytes();
        for (NoteSignature signature : mine) {
            if (key.algorithm().verify(key.key(), text, signature.signature())) {
                return RekorCheck.pass(RekorCheckName.CHECKPOINT_SIGNATURE, checkpoint.origin() + " signed by "
                        + signature);
            }
        }
        return RekorCheck.fail(RekorFailure.CHECKPOINT_SIGNATURE_INVALID, checkpoint.origin() + ", " + mine);
    }

    private static RekorCheck consistency(Checkpoint checkpoint, InclusionProof proof) {
        boolean same = checkpoint.treeSize() == proof.treeSize() && checkpoint.rootHash().equals(proof.rootHash());
        String detail = "checkpoint " + checkpoint.treeSize() + "/" + checkpoint.rootHash().hex() + ", proof "
                + proof.treeSize() + "/" + proof.rootHash().hex();
        return same ? RekorCheck.pass(RekorCheckName.CHECKPOINT_CONSISTENCY, "tree size " + proof.treeSize())
                : RekorCheck.fail(RekorFailure.CHECKPOINT_MISMATCH, detail);
    }
}
