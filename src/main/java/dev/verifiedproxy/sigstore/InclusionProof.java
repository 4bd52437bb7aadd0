package dev.verifiedproxy.sigstore;

import java.util.List;
import java.util.Objects;

/**
 * {@code verification.inclusionProof} of a Rekor v1 entry.
 *
 * @param logIndex   the leaf's index in the tree the proof is for; with Rekor's sharding this is the index
 *                   within the current shard, not the entry's global {@code logIndex}
 * @param treeSize   the size of that tree
 * @param rootHash   the tree's root hash
 * @param hashes     the audit path, leaf-most first
 * @param checkpoint the signed note that commits to {@code treeSize} and {@code rootHash}, as sent
 */
public record InclusionProof(long logIndex, long treeSize, Sha256Digest rootHash, List<Sha256Digest> hashes,
                             String checkpoint) {

    public InclusionProof {
        Objects.requireNonNull(rootHash, "rootHash");
        hashes = List.copyOf(hashes);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }
}
