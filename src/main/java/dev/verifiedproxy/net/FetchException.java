package dev.verifiedproxy.net;

import java.io.IOException;
import java.net.URI;

/** A fetch that did not produce a complete response, with the reason why. */
public final class FetchException extends IOException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The service did not answer in time. */
        TIMEOUT,
        /** The response body is larger than the caller allows. */
        TOO_LARGE,
        /** No connection could be made. */
        UNREACHABLE,
        /** The connection failed during the exchange. */
        IO
    }

    private final Reason reason;
    private final URI uri;

    public FetchException(Reason reason, URI uri, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.uri = uri;
    }

    public Reason reason() {
        return reason;
    }

    public URI uri() {
        return uri;
    }
}
