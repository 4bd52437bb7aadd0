package dev.verifiedproxy.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSearchTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The obvious search, as the reference. */
    private static int naive(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= Math.min(to, haystack.length); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void selfOverlappingPatternsAndBoundsAreHandled() {
        assertEquals(1, new ByteSearch(bytes("aab")).indexOf(bytes("aaab"), 0, 4));
        assertEquals(3, new ByteSearch(bytes("abab")).indexOf(bytes("abaabab"), 0, 7));
        assertEquals(-1, new ByteSearch(bytes("abab")).indexOf(bytes("abaabab"), 0, 6), "the match must end before 'to'");
        assertEquals(-1, new ByteSearch(bytes("ab")).indexOf(bytes("abab"), 3, 4));
        assertEquals(2, new ByteSearch(bytes("ab")).indexOf(bytes("abab"), 1, 4));
        assertEquals(-1, new ByteSearch(bytes("abc")).indexOf(bytes("ab"), 0, 10));
        assertEquals(0, new ByteSearch(bytes("\r\n\r\n")).indexOf(bytes("\r\n\r\n\r\n"), -5, 99));
        assertThrows(IllegalArgumentException.class, () -> new ByteSearch(new byte[0]));
    }

    /** Agrees with the reference on random texts over a two-letter alphabet, where partial matches abound. */
    @Test
    void agreesWithTheObviousSearch() {
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] haystack = new byte[random.nextInt(40)];
            byte[] needle = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < haystack.length; i++) {
                haystack[i] = (byte) ('a' + random.nextInt(2));
            }
            for (int i = 0; i < needle.length; i++) {
                needle[i] = (byte) ('a' + random.nextInt(2));
            }
            int from = random.nextInt(haystack.length + 1);
            int to = from + random.nextInt(haystack.length + 2 - from);
            assertEquals(naive(haystack, needle, from, to), new ByteSearch(needle).indexOf(haystack, from, to),
                    new String(needle, StandardCharsets.ISO_8859_1) + " in " + new String(haystack, StandardCharsets.ISO_8859_1)
                            + " [" + from + ", " + to + ")");
        }
    }
}
