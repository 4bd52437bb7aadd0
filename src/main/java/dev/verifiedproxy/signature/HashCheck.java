package dev.verifiedproxy.signature;

/** The comparison of a body's SHA-256 with the hash in the signed text. */
public enum HashCheck {
    MATCH,
    MISMATCH,
    /** No body (or hash) was given, so nothing was compared. */
    NOT_CHECKED;

    /** {@code true}, {@code false} or {@code null}, as the /verify API answers it. */
    public Boolean asBoolean() {
        return this == NOT_CHECKED ? null : this == MATCH;
    }
}
