package dev.verifiedproxy.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkHttpFetcherTest {

    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private JdkHttpFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.getResponseHeaders().add("SGX-TCB-Info-Issuer-Chain", "chain%20pem");
            byte[] body = ("echo:" + exchange.getRequestMethod() + ":"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/big-declared", exchange -> {
            exchange.sendResponseHeaders(200, 5000);
            exchange.getResponseBody().write(new byte[5000]);
            exchange.close();
        });
        server.createContext("/big-chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[1000]);
                    out.flush();
                }
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/trickle", exchange -> trickle(exchange, 0, 8, 150));
        server.createContext("/late-then-trickle", exchange -> trickle(exchange, 300, 6, 100));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(2));
    }

    /** Headers after {@code headerDelay} ms, then {@code bytes} single bytes {@code gap} ms apart. */
    private static void trickle(HttpExchange exchange, long headerDelay, int bytes, long gap) throws IOException {
        try (exchange) {
            pause(headerDelay);
            exchange.sendResponseHeaders(200, bytes);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < bytes; i++) {
                pause(gap);
                out.write('x');
                out.flush();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void getsBodyAndHeadersCaseInsensitively() throws FetchException {
        FetchedResponse response = fetcher.send(FetchRequest.get(uri("/ok"), Duration.ofSeconds(5), 1000));
        assertEquals(200, response.status());
        assertEquals("echo:GET:", response.bodyText());
        assertEquals("chain%20pem", response.header("sgx-tcb-info-issuer-chain").orElseThrow());
    }

    @Test
    void postsTheBodyUnchanged() throws FetchException {
        byte[] payload = "{\"nonce\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
        FetchedResponse response = fetcher.send(FetchRequest.post(uri("/ok"), "application/json", payload,
                Duration.ofSeconds(5), 1000));
        assertArrayEquals(("echo:POST:" + new String(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                response.body());
    }

    @Test
    void refusesBodiesOverTheLimitWhetherDeclaredOrStreamed() {
        FetchException declared = assertThrows(FetchException.class,
                () -> fetcher.send(FetchRequest.get(uri("/big-declared"), Duration.ofSeconds(5), 4096)));
        assertEquals(FetchException.Reason.TOO_LARGE, declared.reason());
        FetchException streamed = assertThrows(FetchException.class,
                () -> fetcher.send(FetchRequest.get(uri("/big-chunked"), Duration.ofSeconds(5), 4096)));
        assertEquals(FetchException.Reason.TOO_LARGE, streamed.reason());
    }

    @Test
    void timesOut() {
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.send(FetchRequest.get(uri("/slow"), Duration.ofMillis(300), 1000)));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void theTimeoutCoversTheBodyNotJustTheHeaders() throws FetchException {
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.send(FetchRequest.get(uri("/trickle"), Duration.ofMillis(400), 1000)));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason());
        // The same trickle, given time, is a complete and valid answer: the deadline alone failed it above.
        FetchedResponse patient = fetcher.send(FetchRequest.get(uri("/trickle"), Duration.ofSeconds(20), 1000));
        assertEquals("xxxxxxxx", patient.bodyText());
    }

    @Test
    void oneDeadlineSpansHeadersAndBody() {
        // Headers come well within the timeout and so does each byte; only the whole exchange takes too long.
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.send(FetchRequest.get(uri("/late-then-trickle"), Duration.ofMillis(500), 1000)));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void reportsUnreachableServices() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        FetchException e = assertThrows(FetchException.class, () -> fetcher.send(
                FetchRequest.get(URI.create("http://127.0.0.1:" + closedPort + "/"), Duration.ofSeconds(2), 1000)));
        assertEquals(FetchException.Reason.UNREACHABLE, e.reason());
    }

    @Test
    void neverFollowsRedirects() throws FetchException {
        FetchedResponse response = fetcher.send(FetchRequest.get(uri("/redirect"), Duration.ofSeconds(5), 1000));
        assertEquals(302, response.status());
        assertTrue(response.header("Location").isPresent());
    }
}
