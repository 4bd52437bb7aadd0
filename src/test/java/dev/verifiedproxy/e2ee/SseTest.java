package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.e2ee.NearE2eeServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VECTOR_A = "nearai/docs_chat_vector_A_qwen35_direct_stream_3part_2026-06/response_body.sse";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> lines(InputStream in, int max) throws IOException {
        SseLineReader reader = new SseLineReader(in, max);
        List<byte[]> lines = new ArrayList<>();
        for (byte[] line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void readerReturnsLinesWithTheirTerminatorsAndConcatenatesBackToTheStream() throws IOException {
        byte[] sse = bytes("data: {\"a\":1}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\nlast");
        List<byte[]> lines = lines(new OneByteAtATime(sse), 100);
        assertEquals(List.of("data: {\"a\":1}\r\n", "\r\n", ": keep-alive\n", "\n", "data: [DONE]\n", "\n", "last"),
                lines.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        lines.forEach(joined::writeBytes);
        assertArrayEquals(sse, joined.toByteArray());
    }

    @Test
    void readerBoundsLineLength() {
        E2eeException e = assertThrows(E2eeException.class,
                () -> lines(new ByteArrayInputStream(bytes("x".repeat(101) + "\n")), 100));
        assertEquals(E2eeFailure.SSE_LINE_TOO_LONG, e.reason());
    }

    @Test
    void readerReturnsNullForAnEmptyStream() throws IOException {
        assertNull(new SseLineReader(new ByteArrayInputStream(new byte[0]), 10).readLine());
    }

    @Test
    void onlyDataLinesWithJsonObjectsAreTransformedAndLineEndingsAreKept() {
        UnaryOperator<JsonObject> tag = chunk -> jakarta.json.Json.createObjectBuilder(chunk).add("seen", true).build();
        SseLineTransformer transformer = new SseLineTransformer(tag);
        assertEquals("data: {\"a\":1,\"seen\":true}\r\n", text(transformer.apply(bytes("data: {\"a\": 1}\r\n"))));
        assertEquals("data: {\"a\":1,\"seen\":true}\n", text(transformer.apply(bytes("data:{\"a\":1}\n"))));
        assertEquals("data: {\"a\":1,\"seen\":true}", text(transformer.apply(bytes("data: {\"a\":1}"))));
        for (String untouched : List.of("\n", "\r\n", ": ping\n", "event: message\n", "id: 7\n", "data: [DONE]\n",
                "data: [DONE]\r\n", "data: [DONE]")) {
            byte[] line = bytes(untouched);
            assertSame(line, transformer.apply(line), untouched);
        }
    }

    @Test
    void anUnchangedChunkKeepsItsExactBytes() {
        byte[] line = bytes("data: {\"b\": 2,  \"a\":1}\n");
        assertSame(line, new SseLineTransformer(UnaryOperator.identity()).apply(line));
    }

    @Test
    void aDataLineThatIsNotAJsonObjectAbortsTheStream() {
        SseLineTransformer transformer = new SseLineTransformer(UnaryOperator.identity());
        for (String bad : List.of("data: {\"a\":\n", "data: [1,2]\n", "data: hello\n", "data: {\"a\":1} {\n")) {
            assertEquals(E2eeFailure.MALFORMED_SSE_EVENT,
                    assertThrows(E2eeException.class, () -> transformer.apply(bytes(bad)), bad).reason());
        }
        byte[] notUtf8 = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xff, '\n'};
        assertEquals(E2eeFailure.MALFORMED_SSE_EVENT,
                assertThrows(E2eeException.class, () -> transformer.apply(notUtf8)).reason());
    }

    @Test
    void vectorAStreamRoundTripsThroughEncryptionForEveryScheme() {
        byte[] sse = Samples.bytes(VECTOR_A);
        for (SigningAlgo algo : SigningAlgo.values()) {
            for (E2eeVersion version : E2eeVersion.values()) {
                E2eePrivateKey clientKey = E2eePrivateKey.generate(algo, RANDOM);
                E2eePrivateKey modelKey = E2eePrivateKey.generate(algo, RANDOM);
                FieldCodec model = FieldCodec.forModel(modelKey, clientKey.publicKey(), version, RANDOM);
                FieldCodec client = FieldCodec.forClient(clientKey, modelKey.publicKey(), version, RANDOM);
                byte[] encrypted = NearE2eeServer.transformStream(new SseLineTransformer(chunk ->
                        E2eeFields.sealResponse(E2eeEndpoint.CHAT_COMPLETIONS, chunk, false, model)), sse);
                String text = text(encrypted);
                assertTrue(!text.contains("Under") && !text.contains("stood."), text);
                assertTrue(text.endsWith("data: [DONE]\n\n"));
                assertEquals(text(sse).split("\n", -1).length, text.split("\n", -1).length, "line structure kept");
                byte[] decrypted = NearE2eeServer.transformStream(new SseLineTransformer(chunk ->
                        E2eeFields.openResponse(E2eeEndpoint.CHAT_COMPLETIONS, chunk, false, client)), encrypted);
                // Vector A is compact JSON already, so decryption restores it byte for byte.
                assertEquals(text(sse), text(decrypted), algo + " " + version);
            }
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Delivers one byte per read, as a slow network might. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] data;
        private int next;

        OneByteAtATime(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return next < data.length ? data[next++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (next >= data.length) {
                return -1;
            }
            b[off] = data[next++];
            return 1;
        }
    }
}
