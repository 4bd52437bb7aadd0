package dev.verifiedproxy.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A transparency-log checkpoint (C2SP tlog-checkpoint) in a signed note (C2SP signed-note): origin, tree
 * size, base64 root hash and optional extension lines, then a blank line and signature lines. Parsing only;
 * the signature is checked by {@link LogChecks}.
 *
 * @param origin     the log's origin line, e.g. {@code rekor.sigstore.dev - 1193050959916656506}
 * @param treeSize   the size of the tree the checkpoint commits to
 * @param rootHash   the root hash it commits to
 * @param extensions further body lines (older Rekor versions wrote a timestamp there)
 * @param signedText the exact text the signatures cover: the body up to and including its last newline
 * @param signatures the signature lines, in order
 */
public record Checkpoint(String origin, long treeSize, Sha256Digest rootHash, List<String> extensions,
                         String signedText, List<NoteSignature> signatures) {

    private static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final int MAX_LINES = 16;
    private static final int MAX_SIGNATURES = 16;
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern NAME = Pattern.compile("[^\\s+]+");

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(signedText, "signedText");
        signatures = List.copyOf(signatures);
    }

    public byte[] signedBytes() {
        return signedText.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a note strictly: any deviation from the format is {@link RekorFailure#CHECKPOINT_MALFORMED}. */
    public static Checkpoint parse(String note) throws RekorFormatException {
        if (note.length() > RekorEntries.MAX_CHECKPOINT_CHARS) {
            throw malformed("longer than " + RekorEntries.MAX_CHECKPOINT_CHARS + " characters");
        }
        if (!note.endsWith("\n") || note.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw malformed("not newline-terminated text without control characters");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed("no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
        if (lines.size() < 3 || lines.size() > MAX_LINES || lines.stream().anyMatch(String::isEmpty)) {
            throw malformed("the body is not origin, size, root hash and non-empty extension lines");
        }
        if (!DECIMAL.matcher(lines.get(1)).matches()) {
            throw malformed("the tree size is not a canonical decimal number");
        }
        long treeSize;
        try {
            treeSize = Long.parseLong(lines.get(1));
        } catch (NumberFormatException e) {
            throw malformed("the tree size is out of range");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines.get(2));
        } catch (IllegalArgumentException e) {
            throw malformed("the root hash is not base64");
        }
        if (root.length != 32) {
            throw malformed("the root hash has " + root.length + " bytes, not 32");
        }
        List<NoteSignature> signatures = signatures(note.substring(split + 2));
        return new Checkpoint(lines.get(0), treeSize, Sha256Digest.of(root), lines.subList(3, lines.size()), text,
                signatures);
    }

    private static List<NoteSignature> signatures(String block) throws RekorFormatException {
        if (block.isEmpty()) {
            throw malformed("no signature line");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw malformed("expected 1.." + MAX_SIGNATURES + " signature lines");
        }
        List<NoteSignature> out = new ArrayList<>(lines.length);
        for (String line : lines) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw malformed("a signature line does not start with an em dash and a space");
            }
            String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
            if (parts.length != 2 || !NAME.matcher(parts[0]).matches()) {
                throw malformed("a signature line is not '<name> <base64>'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw malformed("a signature is not base64");
            }
            if (raw.length < 5) {
                throw malformed("a signature is shorter than a key hint and one byte");
            }
            out.add(new NoteSignature(parts[0], parts[1]));
        }
        return out;
    }

    private static RekorFormatException malformed(String detail) {
        return new RekorFormatException(RekorFailure.CHECKPOINT_MALFORMED, "checkpoint: " + detail);
    }
}
