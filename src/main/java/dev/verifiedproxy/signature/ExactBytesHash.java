package dev.verifiedproxy.signature;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 over the exact bytes of a request or response body as they crossed the wire, fed in any
 * number of pieces (protocol.md §6.3). For SSE that is every byte: each {@code data: …} line, the
 * blank separator lines, comment lines and {@code data: [DONE]\n\n}. Never re-serialize JSON before
 * hashing. Not thread-safe; one instance per body.
 */
public final class ExactBytesHash {

    private final MessageDigest digest;
    private long length;
    private String result;

    private ExactBytesHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static ExactBytesHash start() {
        return new ExactBytesHash();
    }

    /** Lowercase hex SHA-256 of a whole body. */
    public static String sha256Hex(byte[] body) {
        return start().update(body).finishHex();
    }

    public ExactBytesHash update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    public ExactBytesHash update(byte[] bytes, int offset, int count) {
        requireOpen();
        digest.update(bytes, offset, count);
        length += count;
        return this;
    }

    /** Consumes the buffer's remaining bytes. */
    public ExactBytesHash update(ByteBuffer bytes) {
        requireOpen();
        length += bytes.remaining();
        digest.update(bytes);
        return this;
    }

    /** How many bytes were hashed so far. */
    public long length() {
        return length;
    }

    /** Lowercase hex of the digest; the hash takes no more bytes afterwards. Repeated calls return the same value. */
    public String finishHex() {
        if (result == null) {
            result = Hex.encode(digest.digest());
        }
        return result;
    }

    /**
     * An output stream that writes through to {@code target} and hashes exactly what was written,
     * e.g. for the bytes a proxy forwards. Closing it closes {@code target}.
     */
    public OutputStream tee(OutputStream target) {
        return new FilterOutputStream(target) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                update(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] bytes, int offset, int count) throws IOException {
                out.write(bytes, offset, count);
                update(bytes, offset, count);
            }
        };
    }

    private void requireOpen() {
        if (result != null) {
            throw new IllegalStateException("the hash is already finished");
        }
    }
}
