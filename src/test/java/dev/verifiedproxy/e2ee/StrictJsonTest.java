package dev.verifiedproxy.e2ee;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decrypted fields and SSE data come from the backend: whatever is not exactly one JSON value is refused. */
class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} trailing", "{\"a\":1e99999999999}", "[1e99999999999]", "{\"a\":", "", "   "})
    void textThatIsNotExactlyOneJsonValueIsEmpty(String text) {
        assertEquals(Optional.empty(), StrictJson.parse(text));
    }

    @org.junit.jupiter.api.Test
    void nestingBeyondTheProvidersLimitIsEmpty() {
        assertEquals(Optional.empty(), StrictJson.parse("[".repeat(5000) + "]".repeat(5000)));
    }

    @org.junit.jupiter.api.Test
    void oneValueParses() {
        assertTrue(StrictJson.parse(" {\"a\":[1,2,{\"b\":null}]} ").isPresent());
        assertTrue(StrictJson.parse("\"text\"").isPresent());
    }
}
