package dev.verifiedproxy.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.InputStream;
import java.io.Reader;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one JSON-P provider of the application. {@code jakarta.json.Json}'s static factory methods
 * look the provider up with a {@code ServiceLoader} on every call — measured at 50–110 µs per
 * call here, and more inside a WAR, whose class loader scans every jar — which made JSON the
 * largest cost of a proxied request. The provider is thread-safe; held by a class of the WAR, it
 * is the deployment's own provider on every server.
 */
public final class JsonProviders {

    /** Use instead of {@code Json}: {@code JSON.createObjectBuilder()}, {@code JSON.createGenerator(..)}. */
    public static final JsonProvider JSON = JsonProvider.provider();

    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());

    private JsonProviders() {
    }

    /**
     * A reader of untrusted JSON whose every failure on malformed input is a {@link JsonException}.
     * Parsson lets a {@code NumberFormatException} escape for a number whose exponent does not fit an
     * int ({@code 1e99999999999}) and a plain {@code RuntimeException} for nesting deeper than 1,000,
     * which callers that catch {@code JsonException} would turn into a 500; read JSON through here,
     * never through {@code JSON.createReader}.
     */
    public static JsonReader reader(InputStream in) {
        return new Strict(READERS.createReader(in));
    }

    /** As {@link #reader(InputStream)}, for text. */
    public static JsonReader reader(Reader in) {
        return new Strict(READERS.createReader(in));
    }

    private record Strict(JsonReader delegate) implements JsonReader {

        @Override
        public JsonStructure read() {
            return strictly(delegate::read);
        }

        @Override
        public JsonObject readObject() {
            return strictly(delegate::readObject);
        }

        @Override
        public JsonArray readArray() {
            return strictly(delegate::readArray);
        }

        @Override
        public JsonValue readValue() {
            return strictly(delegate::readValue);
        }

        @Override
        public void close() {
            delegate.close();
        }

        private static <T> T strictly(Supplier<T> read) {
            try {
                return read.get();
            } catch (JsonException e) {
                throw e;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new JsonException("a number in the JSON is out of range: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // Parsson reports nesting beyond its depth limit as a plain RuntimeException ("Input is too
                // deeply nested 1,000"); whatever else a provider throws on malformed input is malformed input.
                throw new JsonException("malformed JSON: " + e.getMessage(), e);
            }
        }
    }
}
