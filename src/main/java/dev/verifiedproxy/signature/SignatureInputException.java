package dev.verifiedproxy.signature;

/** Malformed signature input; {@link #field()} names the JSON field at fault. Safe to show to the caller. */
public final class SignatureInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SignatureInputError reason;
    private final String field;

    public SignatureInputException(SignatureInputError reason, String field, String detail) {
        super(field + ": " + reason.message() + (detail == null ? "" : " (" + detail + ")"));
        this.reason = reason;
        this.field = field;
    }

    public SignatureInputError reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
