package dev.verifiedproxy.e2ee;

import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/** Parses text that must be exactly one JSON value: JSON-P's readers silently ignore trailing text. */
final class StrictJson {

    private StrictJson() {
    }

    static Optional<JsonValue> parse(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                return Optional.empty();
            }
            parser.next();
            JsonValue value = parser.getValue();
            return parser.hasNext() ? Optional.empty() : Optional.of(value);
        } catch (RuntimeException e) {
            // JsonException for most malformed text, but Parsson also lets NumberFormatException out of
            // getValue() for an exponent beyond int range (1e99999999999) and a plain RuntimeException for
            // nesting deeper than 1,000: all of it is text this code cannot take.
            return Optional.empty();
        }
    }
}
