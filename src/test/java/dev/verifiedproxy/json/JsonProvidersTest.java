package dev.verifiedproxy.json;

import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Malformed JSON, numbers out of range included, fails as JsonException whatever the read method. */
class JsonProvidersTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"x\":1e99999999999}", "[1e99999999999]", "{\"a\":{\"b\":[-1E-99999999999]}}"})
    void aNumberWhoseExponentDoesNotFitIsAJsonException(String json) {
        assertThrows(JsonException.class, () -> read(json, JsonReader::readValue));
        assertThrows(JsonException.class, () -> read(json, JsonReader::read));
        assertThrows(JsonException.class, () -> {
            try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
                reader.readValue();
            }
        });
    }

    @org.junit.jupiter.api.Test
    void nestingBeyondTheProvidersLimitIsAJsonException() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThrows(JsonException.class, () -> read(deep, JsonReader::readValue));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"x\":1e999999999}", "{\"x\":12345678901234567890123}"})
    void largeButRepresentableNumbersStillRead(String json) {
        assertEquals(1, read(json, JsonReader::readObject).size());
    }

    private static <T> T read(String json, java.util.function.Function<JsonReader, T> how) {
        try (JsonReader reader = JsonProviders.reader(new StringReader(json))) {
            return how.apply(reader);
        }
    }
}
