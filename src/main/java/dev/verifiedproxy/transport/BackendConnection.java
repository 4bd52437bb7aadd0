package dev.verifiedproxy.transport;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * One TLS connection to a backend, speaking HTTP/1.1 through HttpCore 5 bound to our own
 * {@link SSLSocket}, so that the SPKI seen in the handshake is exactly the one the attestation
 * and every later request on this connection are bound to. Not thread-safe: one exchange at a
 * time, handed out by the pool.
 */
public final class BackendConnection implements AutoCloseable {

    private final BackendEndpoint endpoint;
    private final SSLSocket socket;
    private final DefaultBHttpClientConnection http;
    private final HttpRequestExecutor executor;
    private final SpkiHash spki;
    private final X509Certificate leaf;
    private final WebPkiStatus webPki;
    private volatile long idleSinceNanos;

    BackendConnection(BackendEndpoint endpoint, SSLSocket socket, DefaultBHttpClientConnection http,
                      HttpRequestExecutor executor, X509Certificate leaf, WebPkiStatus webPki) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.http = http;
        this.executor = executor;
        this.leaf = leaf;
        this.webPki = webPki;
        this.spki = SpkiHash.of(leaf);
        this.idleSinceNanos = System.nanoTime();
    }

    public BackendEndpoint endpoint() {
        return endpoint;
    }

    public SpkiHash spki() {
        return spki;
    }

    public X509Certificate leafCertificate() {
        return leaf;
    }

    /**
     * Whether the handshake's certificate is valid for the domain under the system's certificate authorities:
     * the condition for sending a credential before attestation, never a reason to trust the backend.
     */
    public WebPkiStatus webPkiStatus() {
        return webPki;
    }

    /**
     * Sends the request and returns as soon as the response head has arrived; the body, if any,
     * streams from the socket as the caller reads it.
     */
    ClassicHttpResponse execute(ClassicHttpRequest request, Duration readTimeout) throws IOException, HttpException {
        http.setSocketTimeout(Timeout.of(readTimeout));
        return executor.execute(request, http, context());
    }

    /** Whether the connection may carry another request after this exchange's body is fully read. */
    boolean keepAlive(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        return executor.keepAlive(request, response, http, context());
    }

    private static HttpContext context() {
        return new BasicHttpContext();
    }

    /** True when the peer has closed the connection or sent unexpected bytes while it was idle. */
    boolean isStale() {
        try {
            return !http.isOpen() || http.isStale();
        } catch (IOException e) {
            return true;
        }
    }

    void markIdle() {
        idleSinceNanos = System.nanoTime();
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - idleSinceNanos);
    }

    boolean isOpen() {
        return http.isOpen() && !socket.isClosed();
    }

    @Override
    public void close() {
        // Immediate: a connection is closed when its exchange is abandoned or it failed; a
        // graceful TLS close_notify could block on a stalled peer.
        http.close(CloseMode.IMMEDIATE);
    }

    @Override
    public String toString() {
        return "BackendConnection[" + endpoint.domain() + " via " + endpoint.connectHost() + ":" + endpoint.port()
                + ", spki " + spki.hex() + "]";
    }
}
