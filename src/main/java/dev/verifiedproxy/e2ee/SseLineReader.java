package dev.verifiedproxy.e2ee;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines ending with {@code \n} (a preceding {@code \r} stays part of
 * the line), returning each as soon as its end has arrived, terminator included, so that
 * concatenating the lines gives back the stream exactly. Lines are bounded: an endless line from
 * upstream must not exhaust memory. Not thread-safe.
 */
public final class SseLineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    public SseLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line with its terminator; the last line may have none; null at the end of the stream.
     *
     * @throws E2eeException {@link E2eeFailure#SSE_LINE_TOO_LONG} beyond {@code maxLineBytes}
     */
    public byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.size() == 0 ? null : line.toByteArray();
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            boolean complete = end < limit;
            int count = (complete ? end + 1 : end) - position;
            if (line.size() + count > maxLineBytes) {
                throw new E2eeException(E2eeFailure.SSE_LINE_TOO_LONG, "limit " + maxLineBytes + " bytes");
            }
            line.write(buffer, position, count);
            position += count;
            if (complete) {
                return line.toByteArray();
            }
        }
    }
}
