package dev.verifiedproxy.transport;

import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.io.CloseMode;

/**
 * An HTTP/1.1 client connection that never closes gracefully. HttpCore closes a connection itself,
 * gracefully, when an exchange fails inside {@code HttpRequestExecutor} (a read timeout, say); a
 * graceful close of a TLS socket whose read has just timed out drains the socket for the peer's
 * close_notify, which a stalled peer never sends, so it blocks for one more socket timeout (measured:
 * a 2 s attestation timeout failed after 4.2 s; with the 5 min read timeout a request thread would
 * hang 5 more minutes). A connection is only ever closed here when its exchange failed, was
 * abandoned or cannot be reused, so nothing is lost by resetting it: bound with its plain socket,
 * an immediate close resets that socket first and the TLS layer has nothing left to wait for.
 */
final class ImmediateClosingConnection extends DefaultBHttpClientConnection {

    ImmediateClosingConnection(Http1Config config) {
        super(config);
    }

    @Override
    public void close() {
        close(CloseMode.IMMEDIATE);
    }
}
