package dev.verifiedproxy.e2ee;

import java.util.Optional;

/**
 * A failed E2EE step: header parsing, key validation, encryption, decryption or field
 * transformation. {@link #field()} names where in the body it happened (e.g.
 * {@code messages[0].content}); {@link #header()} which header was at fault. Unchecked so that it
 * can cross the field transformers' functional interfaces.
 */
public final class E2eeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final E2eeFailure reason;
    private final String detail;
    private final String field;
    private final String header;

    public E2eeException(E2eeFailure reason) {
        this(reason, null, null, null, null);
    }

    public E2eeException(E2eeFailure reason, String detail) {
        this(reason, detail, null, null, null);
    }

    private E2eeException(E2eeFailure reason, String detail, String field, String header, Throwable cause) {
        super(reason.message() + (detail == null ? "" : " (" + detail + ")")
                + (header == null ? "" : " in header " + header) + (field == null ? "" : " at " + field), cause);
        this.reason = reason;
        this.detail = detail;
        this.field = field;
        this.header = header;
    }

    public E2eeFailure reason() {
        return reason;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public Optional<String> header() {
        return Optional.ofNullable(header);
    }

    /** The same failure located at a body field; an already located failure keeps its place. */
    E2eeException atField(String path) {
        return field != null ? this : new E2eeException(reason, detail, path, header, this);
    }

    /** The same failure attributed to a header. */
    E2eeException inHeader(String name) {
        return new E2eeException(reason, detail, field, name, this);
    }
}
