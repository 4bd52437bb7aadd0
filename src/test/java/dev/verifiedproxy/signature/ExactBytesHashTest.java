package dev.verifiedproxy.signature;

import dev.verifiedproxy.testing.Samples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExactBytesHashTest {

    private static final String VECTOR_A = "nearai/docs_chat_vector_A_qwen35_direct_stream_3part_2026-06/";
    private static final String RESPONSE_HASH = "8cb30eef9d133bdc6bfe812772dc4a62336d2827caea843546cbeff3f004c42c";

    @Test
    void vectorAHashesInOnePiece() {
        assertEquals(RESPONSE_HASH, ExactBytesHash.sha256Hex(Samples.bytes(VECTOR_A + "response_body.sse")));
        assertEquals("2974f24b2a687856d2a0cf08d813902965c25e6552ba7062e4fa303432b6d2ad",
                ExactBytesHash.sha256Hex(Samples.bytes(VECTOR_A + "request_body.json")));
    }

    @Test
    void piecesOfAnySizeGiveTheSameHash() {
        byte[] sse = Samples.bytes(VECTOR_A + "response_body.sse");
        for (int piece : new int[] {1, 7, 64, 1000}) {
            ExactBytesHash hash = ExactBytesHash.start();
            for (int i = 0; i < sse.length; i += piece) {
                int count = Math.min(piece, sse.length - i);
                if (piece == 7) {
                    hash.update(ByteBuffer.wrap(sse, i, count));
                } else {
                    hash.update(sse, i, count);
                }
            }
            assertEquals(sse.length, hash.length());
            assertEquals(RESPONSE_HASH, hash.finishHex(), "pieces of " + piece);
        }
    }

    @Test
    void theSeparatorsAreHashedToo() {
        // A client that drops the blank lines between events computes another hash (protocol.md §6.3).
        String sse = Samples.text(VECTOR_A + "response_body.sse");
        assertNotEquals(RESPONSE_HASH, ExactBytesHash.sha256Hex(sse.replace("\n\n", "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void teeForwardsAndHashesWhatIsWritten() throws IOException {
        byte[] sse = Samples.bytes(VECTOR_A + "response_body.sse");
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        ExactBytesHash hash = ExactBytesHash.start();
        try (OutputStream out = hash.tee(forwarded)) {
            out.write(sse[0]);
            out.write(sse, 1, sse.length - 1);
        }
        assertArrayEquals(sse, forwarded.toByteArray());
        assertEquals(RESPONSE_HASH, hash.finishHex());
        assertEquals(RESPONSE_HASH, hash.finishHex());
        assertThrows(IllegalStateException.class, () -> hash.update(new byte[1]));
    }
}
