package dev.verifiedproxy.transport;

import dev.verifiedproxy.testing.backend.TlsIdentity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Closing a connection whose peer stalls must not hold the caller: an abandoned exchange (client
 * gone, attestation timed out) closes its connection on the request thread.
 */
class BackendConnectionCloseTest {

    private static final char[] PASSWORD = "test".toCharArray();

    private SSLServerSocket server;
    private final List<SSLSocket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStallingServer() throws Exception {
        TlsIdentity identity = TlsIdentity.generate("stalled.completions.near.ai");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("tls", identity.keyPair().getPrivate(), PASSWORD, new Certificate[] {identity.certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket socket = (SSLSocket) server.accept();
                    accepted.add(socket);
                    // Completes the handshake, then never reads or answers: a stalled backend.
                    Thread handshake = new Thread(() -> {
                        try {
                            socket.startHandshake();
                        } catch (IOException e) {
                            // The test closed it.
                        }
                    });
                    handshake.setDaemon(true);
                    handshake.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (SSLSocket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void aTimedOutExchangeFailsAfterItsTimeoutNotTwice() throws Exception {
        BackendConnection connection = new TlsConnector(Duration.ofSeconds(10), WebPkiTrust.system()).open(
                new BackendEndpoint("stalled.completions.near.ai", "127.0.0.1", server.getLocalPort()));
        Duration readTimeout = Duration.ofSeconds(4);
        // HttpCore closes the connection itself when the read times out; a graceful TLS close then waited
        // one more read timeout for the stalled peer's close_notify (8 s in all here).
        assertTimeoutPreemptively(readTimeout.multipliedBy(3).dividedBy(2), () -> {
            assertThrows(SocketTimeoutException.class,
                    () -> connection.execute(new BasicClassicHttpRequest("GET", "/v1/models"), readTimeout));
            connection.close();
        });
    }
}
