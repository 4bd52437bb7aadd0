package dev.verifiedproxy.chatcheck;

import dev.verifiedproxy.signature.ExactBytesHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResponseCaptureTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds {@code body} in pieces of {@code piece} bytes. */
    private static ResponseCapture capture(boolean sse, long max, String body, int piece) {
        ResponseCapture capture = new ResponseCapture(sse, max);
        byte[] bytes = utf8(body);
        for (int i = 0; i < bytes.length; i += piece) {
            capture.update(bytes, i, Math.min(piece, bytes.length - i));
        }
        return capture;
    }

    @Test
    void anSseAnswerTakesTheIdOfItsFirstDataEventAndHashesEveryByte() {
        String stream = ": keep-alive\r\n\r\ndata: {\"error\":{\"message\":\"no id here\"}}\n\n"
                + "data: {\"id\":\"chatcmpl-abc\",\"choices\":[]}\n\ndata: {\"id\":\"chatcmpl-later\"}\n\ndata: [DONE]\n\n";
        for (int piece : new int[] {1, 7, 4096}) {
            ResponseCapture capture = capture(true, 1 << 20, stream, piece);
            assertEquals(Optional.of("chatcmpl-abc"), capture.chatId(), "pieces of " + piece);
            assertEquals(ExactBytesHash.sha256Hex(utf8(stream)), capture.sha256());
        }
    }

    @Test
    void aJsonAnswerTakesItsIdAtTheEndWhereSortedKeysPutIt() {
        String answer = "{\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"id\":\"0123456789abcdef0123456789abcdef\"}";
        ResponseCapture capture = capture(false, 1 << 20, answer, 5);
        assertEquals(Optional.of("0123456789abcdef0123456789abcdef"), capture.chatId());
        assertEquals(ExactBytesHash.sha256Hex(utf8(answer)), capture.sha256());
    }

    @Test
    void noIdIsTakenBeyondTheBoundOrWhenItCouldNotBeUsedInAPath() {
        String answer = "{\"id\":\"chatcmpl-abc\",\"pad\":\"" + "x".repeat(100) + "\"}";
        assertEquals(Optional.empty(), capture(false, 64, answer, 16).chatId());
        assertEquals(ExactBytesHash.sha256Hex(utf8(answer)), capture(false, 64, answer, 16).sha256(),
                "the hash still covers everything");
        assertEquals(Optional.empty(), capture(false, 1024, "{\"id\":\"../admin?x=1\"}", 3).chatId());
        assertEquals(Optional.empty(), capture(true, 1024, "data: [DONE]\n\ndata: {\"id\":\"late\"}\n\n", 3).chatId());
        assertEquals(Optional.empty(), capture(false, 1024, "not json", 3).chatId());
    }
}
