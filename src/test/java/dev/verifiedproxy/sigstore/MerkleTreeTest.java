package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.sigstore.FakeRekor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The iterative audit-path verification against RFC 6962's recursive definitions (implemented independently in
 * the fake log): every leaf of every tree up to 40 leaves.
 */
class MerkleTreeTest {

    @Test
    void everyAuditPathOfEveryTreeUpTo40LeavesLeadsToTheRoot() {
        for (int size = 1; size <= 40; size++) {
            List<byte[]> leaves = leaves(size);
            Sha256Digest root = Sha256Digest.of(FakeRekor.treeHash(leaves));
            for (int index = 0; index < size; index++) {
                List<Sha256Digest> path = FakeRekor.auditPath(index, leaves).stream().map(Sha256Digest::of).toList();
                assertEquals(Optional.of(root), MerkleTree.rootFromInclusionProof(index, size,
                        Sha256Digest.of(leaves.get(index)), path), "leaf " + index + " of " + size);
            }
        }
    }

    @Test
    void aPathForAnotherLeafLeadsElsewhere() {
        List<byte[]> leaves = leaves(11);
        List<Sha256Digest> path = FakeRekor.auditPath(4, leaves).stream().map(Sha256Digest::of).toList();

        Optional<Sha256Digest> computed = MerkleTree.rootFromInclusionProof(5, 11, Sha256Digest.of(leaves.get(5)), path);

        assertNotEquals(Optional.of(Sha256Digest.of(FakeRekor.treeHash(leaves))), computed);
    }

    @Test
    void proofsThatCannotBelongToTheTreeAreEmpty() {
        List<byte[]> leaves = leaves(11);
        Sha256Digest leaf = Sha256Digest.of(leaves.get(4));
        List<Sha256Digest> path = FakeRekor.auditPath(4, leaves).stream().map(Sha256Digest::of).toList();
        List<Sha256Digest> longer = new ArrayList<>(path);
        longer.add(leaf);

        assertEquals(Optional.empty(), MerkleTree.rootFromInclusionProof(4, 11, leaf, longer));
        assertEquals(Optional.empty(), MerkleTree.rootFromInclusionProof(4, 11, leaf, path.subList(0, path.size() - 1)));
        assertEquals(Optional.empty(), MerkleTree.rootFromInclusionProof(11, 11, leaf, path));
        assertEquals(Optional.empty(), MerkleTree.rootFromInclusionProof(-1, 11, leaf, path));
        assertEquals(Optional.empty(), MerkleTree.rootFromInclusionProof(0, 0, leaf, List.of()));
    }

    @Test
    void leafHashesCarryTheLeafPrefix() {
        // RFC 6962 test vector: the hash of the empty leaf.
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                MerkleTree.leafHash(new byte[0]).hex());
    }

    private static List<byte[]> leaves(int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)).bytes());
        }
        return leaves;
    }
}
