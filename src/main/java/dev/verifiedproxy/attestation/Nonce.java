package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.Hex;

import java.util.Objects;
import java.util.Optional;

/**
 * The 32-byte nonce a verifier sends with its attestation request; NEAR puts it in
 * REPORT_DATA[32..64] of every quote of the report.
 *
 * @param hex 64 lowercase hex characters
 */
public record Nonce(String hex) {

    public Nonce {
        Objects.requireNonNull(hex, "hex");
        if (!Hex.isLowercase(hex, 32)) {
            throw new IllegalArgumentException("a nonce is 32 bytes as 64 lowercase hex characters");
        }
    }

    /** Accepts either case and an optional 0x prefix. */
    public static Optional<Nonce> parse(String text) {
        return Hex.normalize(text, 32).map(Nonce::new);
    }
}
