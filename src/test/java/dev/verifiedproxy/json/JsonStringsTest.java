package dev.verifiedproxy.json;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonStringsTest {

    @Test
    void stringsAreEscapedMinimally() {
        // Quote, backslash and controls only (short forms where JSON has them); '/' and non-ASCII stay raw.
        StringBuilder out = new StringBuilder();

        JsonStrings.appendQuoted(out, "a\"b\\c\nd\u0001e/\u00e9\t\b\f\r");

        assertEquals("\"a\\\"b\\\\c\\nd\\u0001e/\u00e9\\t\\b\\f\\r\"", out.toString());
    }
}
