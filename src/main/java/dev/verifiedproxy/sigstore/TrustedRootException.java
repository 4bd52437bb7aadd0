package dev.verifiedproxy.sigstore;

/**
 * A trusted root that cannot be used: it is configuration, so this is a start-up or reload error, not a
 * verification outcome.
 */
public final class TrustedRootException extends Exception {

    private static final long serialVersionUID = 1L;

    public TrustedRootException(String message) {
        super(message);
    }
}
