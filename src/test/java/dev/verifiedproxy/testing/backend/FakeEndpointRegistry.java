package dev.verifiedproxy.testing.backend;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** NEAR's endpoint registry ({@code GET /endpoints}) on 127.0.0.1, listing the domain of each model. */
public final class FakeEndpointRegistry implements AutoCloseable {

    private final HttpServer server;
    private volatile byte[] body;

    private FakeEndpointRegistry(int port, Map<String, String> domainByModel) throws IOException {
        body = json(domainByModel);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/endpoints", exchange -> {
            byte[] current = body;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, current.length);
            exchange.getResponseBody().write(current);
            exchange.close();
        });
        server.start();
    }

    /** @param port 0 for any free port */
    public static FakeEndpointRegistry start(int port, Map<String, String> domainByModel) {
        try {
            return new FakeEndpointRegistry(port, new LinkedHashMap<>(domainByModel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/endpoints");
    }

    private static byte[] json(Map<String, String> domainByModel) {
        return domainByModel.entrySet().stream()
                .map(e -> "{\"domain\":\"" + e.getValue() + "\",\"models\":[\"" + e.getKey() + "\"]}")
                .collect(Collectors.joining(",", "{\"endpoints\":[", "]}")).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
