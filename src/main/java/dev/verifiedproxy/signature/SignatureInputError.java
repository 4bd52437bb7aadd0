package dev.verifiedproxy.signature;

/**
 * Why a signature document cannot even be checked: malformed input, answered with 400 by the
 * /verify API. A well-formed signature that does not verify is a {@link SignatureFailure}.
 */
public enum SignatureInputError {
    MISSING_FIELD("a required field is missing"),
    NOT_A_STRING("the field must be a JSON string"),
    NO_SIGNATURE("NEAR answered without a signature"),
    UNKNOWN_ALGORITHM("signing_algo must be 'ecdsa' or 'ed25519'"),
    UNKNOWN_KIND("signature_kind must be 'provider_tee' or 'gateway'"),
    MALFORMED_TEXT("the signed text is neither '{request_hash}:{response_hash}' nor "
            + "'{model}:{request_hash}:{response_hash}'"),
    MALFORMED_HASH("a hash in the signed text is not 64 hex digits (SHA-256)"),
    MALFORMED_SIGNATURE("the signature has the wrong length or is not hex"),
    MALFORMED_ADDRESS("the signing address has the wrong length or is not hex");

    private final String message;

    SignatureInputError(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
