package dev.verifiedproxy.e2ee;

/**
 * Why an E2EE step failed. Messages never contain key material, plaintext or ciphertext, so they
 * are safe to log and to show. Wrong key and tampered ciphertext are deliberately one reason: an
 * AEAD cannot tell them apart, and a decryption oracle must not either.
 */
public enum E2eeFailure {
    HEADERS_INCOMPLETE("X-Signing-Algo and X-Client-Pub-Key must be present together"),
    DUPLICATE_HEADER("an E2EE header was given more than once"),
    UNKNOWN_SIGNING_ALGO("X-Signing-Algo must be 'ecdsa' or 'ed25519'"),
    UNKNOWN_VERSION("X-Encryption-Version must be 1 or 2"),
    BAD_HEX("not valid hex"),
    BAD_KEY_LENGTH("the public key has the wrong length: ed25519 takes 32 bytes, ecdsa 64 (X||Y) or 65 (04||X||Y)"),
    INVALID_PUBLIC_KEY("the public key is not a valid point of the curve's prime-order group"),
    KEY_ALGORITHM_MISMATCH("the keys belong to different signing algorithms"),
    CIPHERTEXT_TOO_SHORT("the ciphertext is shorter than its fixed parts (ephemeral key, nonce, tag)"),
    INVALID_EPHEMERAL_KEY("the ciphertext's ephemeral public key is not a valid curve point"),
    WEAK_SHARED_SECRET("the key agreement produced a low-order (all-zero) shared secret"),
    AUTHENTICATION_FAILED("decryption failed: the ciphertext was altered or was not made for this key"),
    UNENCRYPTABLE_VALUE("NEAR AI's end-to-end encryption cannot cover this value"),
    NOT_UTF8("the decrypted field is not valid UTF-8 text"),
    MALFORMED_SSE_EVENT("an SSE data line is not a JSON object"),
    SSE_LINE_TOO_LONG("an SSE line exceeds the configured maximum length");

    private final String message;

    E2eeFailure(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
