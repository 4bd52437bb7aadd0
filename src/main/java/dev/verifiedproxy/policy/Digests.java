package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.Hex;

import java.util.List;

/** Allow-list membership of measured values, compared as bytes in constant time like every digest comparison. */
final class Digests {

    private static final String SHA256 = "sha256:";

    private Digests() {
    }

    /** Whether {@code observed} (hex) is one of {@code allowed} (hex). */
    static boolean contains(List<String> allowed, String observed) {
        boolean found = false;
        for (String a : allowed) {
            found |= Hex.sameBytes(a, observed);
        }
        return found;
    }

    /** The same for image digests written {@code sha256:<hex>}. */
    static boolean containsImage(List<String> allowed, String observed) {
        return observed.startsWith(SHA256) && contains(allowed.stream().map(d -> d.substring(SHA256.length())).toList(),
                observed.substring(SHA256.length()));
    }
}
