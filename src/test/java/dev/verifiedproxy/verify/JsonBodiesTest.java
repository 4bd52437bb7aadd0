package dev.verifiedproxy.verify;

import dev.verifiedproxy.error.ApiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonBodiesTest {

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnObject() {
        assertEquals("ab", JsonBodies.readObject(body("{\"quote\":\"ab\"}"), 100).getString("quote"));
    }

    @Test
    void oversizedBodiesAre413() {
        ApiException e = assertThrows(ApiException.class, () -> JsonBodies.readObject(body("{\"q\":\"" + "a".repeat(200) + "\"}"), 100));
        assertEquals(413, e.error().status());
        assertEquals("body_too_large", e.error().code());
    }

    @Test
    void nonObjectsAndGarbageAre400() {
        assertEquals(400, assertThrows(ApiException.class, () -> JsonBodies.readObject(body("[1]"), 100)).error().status());
        assertEquals(400, assertThrows(ApiException.class, () -> JsonBodies.readObject(body("{nope"), 100)).error().status());
        assertEquals(400, assertThrows(ApiException.class, () -> JsonBodies.readObject(body(""), 100)).error().status());
    }

    /** A client that breaks off its upload: the container's read fails after part of the body. */
    private static InputStream brokenOff(String received) {
        return new SequenceInputStream(body(received), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset by peer");
            }
        });
    }

    @Test
    void aBodyTheClientBrokeOffIsA400NotAServerFailure() {
        ApiException e = assertThrows(ApiException.class, () -> JsonBodies.readBounded(brokenOff("{\"model\":\"m\",\"mes"), 100));
        assertEquals(400, e.error().status());
        assertEquals(JsonBodies.INCOMPLETE_CODE, e.error().code());
        assertEquals("invalid_request_error", e.error().type());
        assertEquals(400, assertThrows(ApiException.class, () -> JsonBodies.readObject(brokenOff("{"), 100)).error().status());
    }
}
