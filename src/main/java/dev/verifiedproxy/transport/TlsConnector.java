package dev.verifiedproxy.transport;

import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * Opens TLS connections to backends: TCP connect with a timeout, TLS 1.3/1.2 handshake with SNI,
 * and no certificate-authority or host-name check that could fail the handshake (see
 * {@link AttestationTrustManager} for why). The WebPKI validity of the certificate is only recorded
 * on the connection, for the decision whether a credential may precede attestation.
 */
final class TlsConnector {

    /** Bounds on what an untrusted backend can make us buffer in a response head. */
    static final Http1Config HTTP1 = Http1Config.custom()
            .setMaxLineLength(16 * 1024)
            .setMaxHeaderCount(200)
            .setMaxEmptyLineCount(10)
            .build();

    private final Duration connectTimeout;
    private final WebPkiTrust webPki;

    TlsConnector(Duration connectTimeout, WebPkiTrust webPki) {
        this.connectTimeout = connectTimeout;
        this.webPki = webPki;
        // Fails at start-up rather than on the first request if this JVM cannot make a TLS context.
        newContext(new AttestationTrustManager(webPki));
    }

    /**
     * A new context for every connection, so that its session cache never holds a ticket from an
     * earlier connection: each backend connection does a full handshake in which the server proves
     * its certificate key. A resumed TLS 1.3 session would inherit an earlier connection's SPKI,
     * which after a key rotation no longer matches what the server attests. Connections are
     * pooled, so the cost is paid once per handshake, not per request.
     */
    private static SSLContext newContext(AttestationTrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is unavailable in this JVM", e);
        }
    }

    BackendConnection open(BackendEndpoint endpoint) throws TransportException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(endpoint.connectHost(), endpoint.port()), timeoutMillis());
        } catch (SocketTimeoutException e) {
            closeQuietly(raw);
            throw new TransportException(TransportFailure.TIMEOUT, endpoint.domain(),
                    "no TCP connection within " + connectTimeout, e);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new TransportException(TransportFailure.UNREACHABLE, endpoint.domain(), e.getMessage(), e);
        }
        SSLSocket ssl = null;
        AttestationTrustManager trustManager = new AttestationTrustManager(webPki);
        try {
            ssl = (SSLSocket) newContext(trustManager).getSocketFactory().createSocket(raw, endpoint.domain(),
                    endpoint.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            parameters.setServerNames(List.of(new SNIHostName(endpoint.domain())));
            WebPkiTrust.requireHostnameIdentification(parameters);
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(timeoutMillis());
            ssl.startHandshake();
            Certificate[] chain = ssl.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new IOException("server presented no X.509 certificate");
            }
            DefaultBHttpClientConnection http = new ImmediateClosingConnection(HTTP1);
            // Bound with the plain socket too, so that an immediate close resets it (see ImmediateClosingConnection).
            http.bind(ssl, raw);
            return new BackendConnection(endpoint, ssl, http, new HttpRequestExecutor(), leaf,
                    trustManager.webPkiStatus());
        } catch (SocketTimeoutException e) {
            closeQuietly(ssl == null ? raw : ssl);
            throw new TransportException(TransportFailure.TIMEOUT, endpoint.domain(),
                    "TLS handshake not completed within " + connectTimeout, e);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(ssl == null ? raw : ssl);
            throw new TransportException(TransportFailure.TLS_HANDSHAKE, endpoint.domain(), e.getMessage(), e);
        }
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already failing; the original error is what matters.
        }
    }
}
