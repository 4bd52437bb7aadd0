package dev.verifiedproxy.sigstore;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * RFC 6962 / RFC 9162 Merkle hashing: leaf and node hashes with their domain-separation prefixes, and the
 * root implied by an inclusion proof.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /** SHA-256(0x00 ‖ leaf). */
    public static Sha256Digest leafHash(byte[] leaf) {
        MessageDigest sha = Sha256Digest.sha256();
        sha.update((byte) 0);
        return Sha256Digest.of(sha.digest(leaf));
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = Sha256Digest.sha256();
        sha.update((byte) 1);
        sha.update(left);
        return sha.digest(right);
    }

    /**
     * The root hash that an audit path proves for the leaf at {@code index} of a tree of {@code size} leaves,
     * or empty when the path cannot belong to such a tree (index out of range, wrong number of hashes).
     *
     * <p>The path has one hash per level below the point where the leaf's branch and the tree's right edge
     * part ({@code inner} levels, siblings left or right by the index bits), then one per left subtree on the
     * right edge above it ({@code border}, always left siblings). The exact length is required, so extra or
     * missing hashes never pass.
     */
    public static Optional<Sha256Digest> rootFromInclusionProof(long index, long size, Sha256Digest leafHash,
                                                                List<Sha256Digest> path) {
        if (size <= 0 || index < 0 || index >= size) {
            return Optional.empty();
        }
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        int border = Long.bitCount(index >>> inner);
        if (path.size() != inner + border) {
            return Optional.empty();
        }
        byte[] hash = leafHash.bytes();
        for (int level = 0; level < inner; level++) {
            byte[] sibling = path.get(level).bytes();
            hash = ((index >>> level) & 1) == 0 ? nodeHash(hash, sibling) : nodeHash(sibling, hash);
        }
        for (int level = inner; level < path.size(); level++) {
            hash = nodeHash(path.get(level).bytes(), hash);
        }
        return Optional.of(Sha256Digest.of(hash));
    }
}
