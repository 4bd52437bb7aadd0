package dev.verifiedproxy.sigstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SHA-256 value (Merkle node, payload hash, artifact digest, key fingerprint) held as 64 lowercase
 * hex characters, so that records stay immutable and compare by value.
 *
 * @param hex 64 lowercase hex characters
 */
public record Sha256Digest(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    public Sha256Digest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("not 64 lowercase hex characters");
        }
    }

    public static Sha256Digest of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 value has 32 bytes, not " + digest.length);
        }
        return new Sha256Digest(HEX.formatHex(digest));
    }

    /** SHA-256 of {@code data}. */
    public static Sha256Digest hash(byte[] data) {
        return of(sha256().digest(data));
    }

    /** Lowercase hex of exactly 32 bytes, or empty: the strict form Rekor and the trusted root use. */
    public static Optional<Sha256Digest> parseHex(String text) {
        return text != null && HEX64.matcher(text).matches() ? Optional.of(new Sha256Digest(text)) : Optional.empty();
    }

    /** {@code sha256:<64 lowercase hex>}, the OCI form of an image digest; anything else is empty. */
    public static Optional<Sha256Digest> parsePrefixed(String text) {
        return text != null && text.startsWith("sha256:") ? parseHex(text.substring("sha256:".length())) : Optional.empty();
    }

    public byte[] bytes() {
        return HEX.parseHex(hex);
    }

    /** Constant time, although the values compared here are public: it costs nothing and removes a question. */
    public boolean sameAs(byte[] other) {
        return MessageDigest.isEqual(bytes(), other);
    }

    /** {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return "sha256:" + hex;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
