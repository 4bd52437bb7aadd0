package dev.verifiedproxy.chatcheck;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.signature.ExactBytesHash;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;


/**
 * What a signature check needs of an answer while it streams through the proxy: the SHA-256 of
 * every byte exactly as received (protocol.md §6.3; SSE separators, comments and
 * {@code data: [DONE]} included) and the chat id. A JSON answer is kept (up to a bound) to read
 * its {@code id} at the end: NEAR sorts keys, so it comes after the content. In an SSE answer
 * the lines are looked at only until the first data event with an {@code id}. Not thread-safe;
 * one per answer.
 */
public final class ResponseCapture {

    /** Ids NEAR's engines produce ({@code chatcmpl-…}, 32 hex, {@code resp_<uuid>}); anything else is not used in a URL. */
    private static final Pattern CHAT_ID = Pattern.compile("[A-Za-z0-9._~:-]{1,256}");
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final ExactBytesHash hash = ExactBytesHash.start();
    private final boolean sse;
    private final long maxKeptBytes;
    private ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long seen;
    private boolean searching = true;
    private String chatId;

    /**
     * @param sse          whether the answer is an event stream
     * @param maxKeptBytes the most bytes looked at to find the id; beyond, it is not searched any more
     */
    public ResponseCapture(boolean sse, long maxKeptBytes) {
        this.sse = sse;
        this.maxKeptBytes = maxKeptBytes;
    }

    public void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    public void update(byte[] bytes, int offset, int count) {
        hash.update(bytes, offset, count);
        if (!searching) {
            return;
        }
        seen += count;
        if (seen > maxKeptBytes) {
            stopSearching();
        } else if (sse) {
            scanEvents(bytes, offset, count);
        } else {
            kept.write(bytes, offset, count);
        }
    }

    /** Lowercase hex SHA-256 of all bytes given; no more bytes are accepted afterwards. */
    public String sha256() {
        return hash.finishHex();
    }

    /** The chat id, if the answer has a usable one; for JSON read once the answer is complete. */
    public Optional<String> chatId() {
        if (searching && !sse) {
            idOf(kept.toByteArray(), 0, kept.size());
            stopSearching();
        }
        return Optional.ofNullable(chatId);
    }

    /** SSE: {@code kept} holds the current line only; each complete {@code data:} line is looked at once. */
    private void scanEvents(byte[] bytes, int offset, int count) {
        int start = offset;
        for (int i = offset; i < offset + count && searching; i++) {
            if (bytes[i] == '\n') {
                kept.write(bytes, start, i - start);
                start = i + 1;
                dataLine(kept.toByteArray());
                if (kept != null) {
                    kept.reset();
                }
            }
        }
        if (searching) {
            kept.write(bytes, start, offset + count - start);
        }
    }

    private void dataLine(byte[] line) {
        int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (end < DATA.length || !Arrays.equals(line, 0, DATA.length, DATA, 0, DATA.length)) {
            return;
        }
        String payload = new String(line, DATA.length, end - DATA.length, StandardCharsets.UTF_8).strip();
        if (payload.equals("[DONE]") || idOf(line, DATA.length, end - DATA.length)) {
            stopSearching();
        }
    }

    /** Reads {@code id} from a JSON object; true if one was found. */
    private boolean idOf(byte[] bytes, int offset, int length) {
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(bytes, offset, length))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonValue id = ((JsonObject) value).get("id");
                if (id instanceof JsonString string && CHAT_ID.matcher(string.getString()).matches()) {
                    chatId = string.getString();
                    return true;
                }
            }
        } catch (JsonException | IllegalStateException e) {
            // Not a JSON object (e.g. an error text): no id.
        }
        return false;
    }

    private void stopSearching() {
        searching = false;
        kept = null;
    }
}
