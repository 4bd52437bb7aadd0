package dev.verifiedproxy.sigstore;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The signed-note form of Rekor's checkpoints, read strictly. */
class CheckpointTest {

    private static final String CAPTURED = RekorSamples.vpcClient().entry().inclusionProof().orElseThrow().checkpoint();
    private static final String SIGNATURE = "\u2014 rekor.sigstore.dev wNI9ajBEAiBQCAVGEnmCfTHezvQCo6hOQAVOb73GwAMzHQ"
            + "+hO8RUGgIgdz1awmf5357sjeJL8B4JbMGd73qrfRlBiPtPzBfdhxs=\n";

    @Test
    void readsTheCapturedCheckpoint() throws RekorFormatException {
        Checkpoint checkpoint = Checkpoint.parse(CAPTURED);

        assertEquals("rekor.sigstore.dev - 1193050959916656506", checkpoint.origin());
        assertEquals(1245133570L, checkpoint.treeSize());
        assertEquals("842936fdf29647960f7ce55a0e9670a8703d0d8c41e0d9eab1af0fd2eda05e7c", checkpoint.rootHash().hex());
        assertEquals(List.of(), checkpoint.extensions());
        assertEquals("rekor.sigstore.dev - 1193050959916656506\n1245133570\nhCk2/fKWR5YPfOVaDpZwqHA9DYxB4Nnqsa8P0u2gXnw=\n",
                checkpoint.signedText());
        assertEquals(1, checkpoint.signatures().size());
        NoteSignature signature = checkpoint.signatures().get(0);
        assertEquals("rekor.sigstore.dev", signature.name());
        assertArrayEquals(HexFormat.of().parseHex("c0d23d6a"), signature.keyHint());
        assertEquals(70, signature.signature().length);
    }

    @Test
    void keepsExtensionLinesInTheSignedText() throws RekorFormatException {
        String note = "log - 1\n5\n" + root() + "\nTimestamp: 1689748607742585419\n\n" + SIGNATURE;

        Checkpoint checkpoint = Checkpoint.parse(note);

        assertEquals(List.of("Timestamp: 1689748607742585419"), checkpoint.extensions());
        assertEquals("log - 1\n5\n" + root() + "\nTimestamp: 1689748607742585419\n", checkpoint.signedText());
    }

    @Test
    void refusesMalformedNotes() {
        String body = "log - 1\n5\n" + root() + "\n";
        assertMalformed(body + SIGNATURE);                                   // no blank line
        assertMalformed(body + "\n");                                        // no signature
        assertMalformed(body + "\n" + SIGNATURE.substring(0, SIGNATURE.length() - 1)); // no final newline
        assertMalformed(body + "\n" + SIGNATURE.replace("\u2014", "-"));    // not an em dash
        assertMalformed(body + "\n" + SIGNATURE.replace("rekor.sigstore.dev ", "")); // no name
        assertMalformed(body + "\n\u2014 rekor.sigstore.dev wNI9ag==\n");     // key hint only
        assertMalformed(body + "\n\u2014 rekor.sigstore.dev ***\n");          // not base64
        assertMalformed("log - 1\n05\n" + root() + "\n\n" + SIGNATURE);      // non-canonical size
        assertMalformed("log - 1\n-5\n" + root() + "\n\n" + SIGNATURE);
        assertMalformed("log - 1\n99999999999999999999\n" + root() + "\n\n" + SIGNATURE);
        assertMalformed("log - 1\n5\nAAAA\n\n" + SIGNATURE);                 // root of 3 bytes
        assertMalformed("log - 1\n5\n\n" + SIGNATURE);                       // two body lines
        assertMalformed("log - 1\r\n5\n" + root() + "\n\n" + SIGNATURE);    // control character
        assertMalformed(body + "\n" + SIGNATURE.repeat(17));                 // too many signatures
        assertMalformed(body + "\n" + "x".repeat(RekorEntries.MAX_CHECKPOINT_CHARS) + SIGNATURE);
    }

    private static String root() {
        return "hCk2/fKWR5YPfOVaDpZwqHA9DYxB4Nnqsa8P0u2gXnw=";
    }

    private static void assertMalformed(String note) {
        assertEquals(RekorFailure.CHECKPOINT_MALFORMED,
                assertThrows(RekorFormatException.class, () -> Checkpoint.parse(note), note).reason());
    }
}
