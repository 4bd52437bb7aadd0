package dev.verifiedproxy.signature;

/** A cryptographic check failed; carries the named reason. Checked so no caller forgets it. */
public final class SignatureRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final SignatureFailure failure;

    public SignatureRejected(SignatureFailure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public SignatureFailure failure() {
        return failure;
    }
}
