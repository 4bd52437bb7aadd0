package dev.verifiedproxy.signature;

/** Why a well-formed chat signature does not vouch for the bytes: each a named check (architecture.md §8). */
public enum SignatureFailure {
    V_NOT_27_OR_28("v must be 27 or 28 (recovery id 0 or 1)"),
    R_OUT_OF_RANGE("r is not in [1, n-1]"),
    S_OUT_OF_RANGE("s is not in [1, n-1]"),
    HIGH_S("s is above n/2: NEAR signs low-S only, a high-S twin is a malleated signature"),
    NOT_RECOVERABLE("no public key can be recovered from this signature"),
    ADDRESS_MISMATCH("the signature was made by another key than the expected signer"),
    INVALID_PUBLIC_KEY("the Ed25519 public key is not a valid point of prime order"),
    BAD_SIGNATURE("the Ed25519 signature does not verify over the text"),
    REQUEST_HASH_MISMATCH("the request body does not hash to the request hash in the signed text"),
    RESPONSE_HASH_MISMATCH("the response body does not hash to the response hash in the signed text");

    private final String message;

    SignatureFailure(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    /** The name clients see in JSON: lower snake case, e.g. {@code address_mismatch}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
