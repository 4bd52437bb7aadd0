package dev.verifiedproxy.proxy;

/**
 * Finds a byte pattern in a byte array in time linear in the searched range (Knuth–Morris–Pratt):
 * request bodies are untrusted and up to {@code max-request-bytes} long, so a search that backs up
 * and compares again (body length × pattern length) would let a crafted body cost far more CPU
 * than its size.
 */
final class ByteSearch {

    private final byte[] pattern;
    /** {@code fallback[i]}: length of the longest proper prefix of {@code pattern[0..i]} that is also its suffix. */
    private final int[] fallback;

    ByteSearch(byte[] pattern) {
        if (pattern.length == 0) {
            throw new IllegalArgumentException("empty pattern");
        }
        this.pattern = pattern.clone();
        this.fallback = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = fallback[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            fallback[i] = k;
        }
    }

    int length() {
        return pattern.length;
    }

    /**
     * @return the first index {@code >= from} at which the pattern lies entirely before {@code to}, or -1
     */
    int indexOf(byte[] haystack, int from, int to) {
        int end = Math.min(to, haystack.length);
        int matched = 0;
        for (int i = Math.max(0, from); i < end; i++) {
            while (matched > 0 && haystack[i] != pattern[matched]) {
                matched = fallback[matched - 1];
            }
            if (haystack[i] == pattern[matched]) {
                matched++;
                if (matched == pattern.length) {
                    return i - pattern.length + 1;
                }
            }
        }
        return -1;
    }
}
