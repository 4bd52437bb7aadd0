package dev.verifiedproxy.gpu;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The caller's 32-byte attestation nonce, which NEAR and NVIDIA write as 64 hex characters.
 * Comparisons are constant-time and ignore the case of the hex text.
 */
public final class GpuNonce {

    public static final int LENGTH = 32;

    private final byte[] bytes;

    private GpuNonce(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException unless {@code hex} is exactly 64 hex characters */
    public static GpuNonce ofHex(String hex) {
        return new GpuNonce(parse(hex).orElseThrow(() ->
                new IllegalArgumentException("a nonce is 64 hex characters (32 bytes)")));
    }

    public static GpuNonce of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a nonce is 32 bytes");
        }
        return new GpuNonce(bytes.clone());
    }

    /** The 32 bytes of 64 hex characters, or empty for anything else. */
    static Optional<byte[]> parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean matches(byte[] other) {
        return other != null && MessageDigest.isEqual(bytes, other);
    }

    /** Whether {@code hex} (either case) denotes this nonce; false for null or malformed text. */
    public boolean matchesHex(String hex) {
        return parse(hex).map(this::matches).orElse(false);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex, as the proxy sends it. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
