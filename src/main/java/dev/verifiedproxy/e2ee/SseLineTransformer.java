package dev.verifiedproxy.e2ee;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Rewrites an SSE stream line by line, as inference-proxy does (protocol.md §7.6): each
 * {@code data:} line holding a JSON object is parsed, transformed and written back as
 * {@code data: } + compact JSON + the line's original ending. Everything else passes byte for
 * byte: blank separator lines, comments ({@code :}), other SSE fields and {@code data: [DONE]}.
 * A data line that is not a JSON object, or whose fields do not transform, throws: the stream
 * must then be aborted (fail closed). Hash the upstream bytes for the signature before this.
 */
public final class SseLineTransformer {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final UnaryOperator<JsonObject> chunkTransform;

    /**
     * @param chunkTransform e.g. {@code chunk -> E2eeFields.openResponse(endpoint, chunk, allFields, codec)}
     */
    public SseLineTransformer(UnaryOperator<JsonObject> chunkTransform) {
        this.chunkTransform = chunkTransform;
    }

    /**
     * @param line one line including its terminator ({@code \n} or {@code \r\n}; none for a last,
     *             unterminated line), as {@link SseLineReader} returns it
     * @return the line to send on; the same array when nothing changed
     */
    public byte[] apply(byte[] line) {
        int content = line.length - terminatorLength(line);
        if (content < DATA.length || !Arrays.equals(line, 0, DATA.length, DATA, 0, DATA.length)) {
            return line;
        }
        int start = DATA.length < content && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
        String payload = utf8(line, start, content);
        if (payload.trim().equals("[DONE]")) {
            return line;
        }
        JsonObject chunk = StrictJson.parse(payload)
                .filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT).map(JsonValue::asJsonObject)
                .orElseThrow(() -> new E2eeException(E2eeFailure.MALFORMED_SSE_EVENT));
        JsonObject transformed = chunkTransform.apply(chunk);
        if (transformed == chunk) {
            return line;
        }
        byte[] json = ("data: " + transformed).getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(json, json.length + line.length - content);
        System.arraycopy(line, content, out, json.length, line.length - content);
        return out;
    }

    private static int terminatorLength(byte[] line) {
        int n = line.length;
        if (n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n') {
            return 2;
        }
        return n >= 1 && (line[n - 1] == '\n' || line[n - 1] == '\r') ? 1 : 0;
    }

    private static String utf8(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new E2eeException(E2eeFailure.MALFORMED_SSE_EVENT, "not UTF-8");
        }
    }
}
