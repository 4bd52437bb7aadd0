package dev.verifiedproxy.verify;

import dev.verifiedproxy.error.ApiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
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
}
