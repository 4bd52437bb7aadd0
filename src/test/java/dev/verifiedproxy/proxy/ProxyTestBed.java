package dev.verifiedproxy.proxy;

import com.sun.net.httpserver.HttpServer;
import dev.verifiedproxy.chatcheck.ChatCheckResult;
import dev.verifiedproxy.chatcheck.ChatCheckStatus;
import dev.verifiedproxy.chatcheck.ChatSignatureVerifier;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.backend.TlsTestCa;
import dev.verifiedproxy.testing.dcap.TestPki;
import dev.verifiedproxy.transport.AttestedConnectionPool;
import dev.verifiedproxy.transport.BackendAttestor;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.TransportTestSupport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProxyService} wired as in production, without a server: the real router (with a fake
 * endpoint registry), the attested client with the binding-only test verifier, the signature
 * checker, and a simulated CVM — or, in gateway mode, a simulated gateway, whose certificate for
 * {@link #GATEWAY} a test CA issues that the proxy trusts as {@code verifiedproxy.trust.test-gateway-ca}
 * (so the API key may go with its report request, as to NEAR's Let's Encrypt-certified gateway).
 */
public final class ProxyTestBed implements AutoCloseable {

    public static final String DOMAIN = "model-a.completions.near.ai";
    public static final String GATEWAY = "gateway.near.test";
    public static final String MODEL = "test/model-a";

    public final SimulatedTeeBackend backend;
    public final ProxyConfig config;
    public final BackendClient client;
    public final ChatSignatureVerifier verifier;
    public final ProxyService proxy;
    /** The test gateway CA the proxy trusts; it issued the gateway's certificate. */
    public final TlsTestCa gatewayCa = TlsTestCa.generate("proxy test bed gateway CA");
    private final Path gatewayCaFile;
    private final HttpServer registry;
    private final JdkHttpFetcher fetcher;

    private ProxyTestBed(TestPki pki, SimulatedTeeBackend.Shape shape, int cvms, Map<String, String> settings,
                         BackendAttestor attestor) throws IOException {
        backend = SimulatedTeeBackend.start(pki.forge(), MODEL, shape, cvms, 0);
        if (shape == SimulatedTeeBackend.Shape.GATEWAY) {
            backend.tlsCertificates(gatewayCa, GATEWAY);
        }
        gatewayCaFile = gatewayCa.writePem(Files.createTempFile("test-gateway-ca", ".pem"));
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/endpoints", exchange -> {
            byte[] body = ("{\"endpoints\":[{\"domain\":\"" + DOMAIN + "\",\"models\":[\"" + MODEL + "\"]}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        String domain = shape == SimulatedTeeBackend.Shape.GATEWAY ? GATEWAY : DOMAIN;
        Map<String, String> env = new HashMap<>(Map.of(
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true",
                "VERIFIEDPROXY_UPSTREAM_DISCOVERY_URL", "http://127.0.0.1:" + registry.getAddress().getPort() + "/endpoints",
                "VERIFIEDPROXY_UPSTREAM_RESOLVE", domain + "=127.0.0.1:" + backend.port(),
                "VERIFIEDPROXY_PROXY_MAX_REQUEST_BYTES", "64KiB",
                "VERIFIEDPROXY_TRUST_TEST_GATEWAY_CA", gatewayCaFile.toString()));
        if (shape == SimulatedTeeBackend.Shape.GATEWAY) {
            env.put("VERIFIEDPROXY_UPSTREAM_MODE", "gateway");
            env.put("VERIFIEDPROXY_UPSTREAM_GATEWAY_URL", "https://" + GATEWAY);
        }
        env.putAll(settings);
        config = ProxyConfig.load(List.of(ConfigSource.environment(env)));
        fetcher = new JdkHttpFetcher(config.get(ConfigKeys.CONNECT_TIMEOUT));
        client = new BackendClient(new AttestedConnectionPool(attestor, ProxyBeans.transportSettings(config),
                Clock.systemUTC(), ProxyBeans.webPkiTrust(config)), ProxyBeans.transportSettings(config));
        verifier = ProxyBeans.chatSignatureVerifier(config, client, Clock.systemUTC());
        proxy = new ProxyService();
        proxy.config = config;
        proxy.router = new ProxyBeans().router(config, fetcher);
        proxy.client = client;
        proxy.signatures = verifier;
        proxy.authenticator = new ClientAuthenticator();
        proxy.authenticator.config = config;
        proxy.authenticator.init();
    }

    /** A direct-mode proxy in front of one simulated CVM. */
    public static ProxyTestBed start(TestPki pki, Map<String, String> settings) {
        return start(pki, SimulatedTeeBackend.Shape.DIRECT, 1, settings, TransportTestSupport.bindingOnlyAttestor());
    }

    /** @param shape DIRECT: a model domain with {@code cvms} CVMs; GATEWAY: the proxy in gateway mode */
    public static ProxyTestBed start(TestPki pki, SimulatedTeeBackend.Shape shape, int cvms, Map<String, String> settings,
                                     BackendAttestor attestor) {
        try {
            return new ProxyTestBed(pki, shape, cvms, settings, attestor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SafeVarargs
    public static ProxiedRequest post(String path, String body, Map.Entry<String, String>... headers) {
        List<Map.Entry<String, String>> all = new ArrayList<>(List.of(Map.entry("Content-Type", "application/json")));
        all.addAll(List.of(headers));
        return new ProxiedRequest("POST", path, null, all, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                null);
    }

    /** A chat request for the test model with one user message. */
    @SafeVarargs
    public static ProxiedRequest chat(String prompt, boolean stream, Map.Entry<String, String>... headers) {
        JsonObject body = Json.createObjectBuilder().add("model", MODEL).add("stream", stream).add("n_events", 3)
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user")
                        .add("content", prompt))).build();
        return post("v1/chat/completions", body.toString(), headers);
    }

    /** The whole body of a proxied response, streamed or not. */
    public static String entity(Response response) throws IOException {
        if (response.getEntity() instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (response.getEntity() instanceof String text) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) response.getEntity()).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The id of a JSON chat answer, or of the first event of an SSE one. */
    public static String chatId(String body) {
        String first = body.startsWith("data: ") ? body.substring(6, body.indexOf('\n')) : body;
        return json(first).getString("id");
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        return dev.verifiedproxy.signature.ExactBytesHash.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (bounded) until the check of {@code chatId} is decided. */
    public ChatCheckResult decided(String chatId, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ChatCheckResult> result = verifier.result(chatId);
            if (result.isPresent() && result.get().status() != ChatCheckStatus.PENDING) {
                return result.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the check of " + chatId + " was not decided within " + within + ": "
                + verifier.result(chatId));
    }

    @Override
    public void close() {
        verifier.close();
        client.close();
        backend.close();
        registry.stop(0);
        fetcher.close();
        try {
            Files.deleteIfExists(gatewayCaFile);
        } catch (IOException e) {
            // A temporary file; the next run does not need it.
        }
    }
}
