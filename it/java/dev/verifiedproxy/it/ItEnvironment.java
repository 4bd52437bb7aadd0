package dev.verifiedproxy.it;

import com.sun.net.httpserver.HttpServer;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.FakePcs;
import dev.verifiedproxy.testing.dcap.TestPki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the integration tests' proxy talks to, all on 127.0.0.1 in the test JVM and started before
 * any server boots (see {@link ItEnvironmentListener}): two simulated NEAR model CVMs signed by a
 * fresh test PKI, a fake Intel PCS serving that PKI's collateral, and a fake endpoint registry.
 * The proxy's configuration for them is written to {@code it-work/proxy.properties}, which
 * WildFly ({@code -P}) and Payara Micro ({@code --systemProperties}) load at boot; the embedded
 * Tomcat shares this JVM and gets the same values as system properties.
 */
public final class ItEnvironment {

    public static final String MODEL_A = "test/model-a";
    public static final String MODEL_B = "test/model-b";
    public static final String DOMAIN_A = "model-a.completions.near.ai";
    public static final String DOMAIN_B = "model-b.completions.near.ai";

    private static ItEnvironment current;

    private final TestPki pki;
    private final SimulatedTeeBackend backendA;
    private final SimulatedTeeBackend backendB;
    private final FakePcs pcs;
    private final HttpServer registry;

    private ItEnvironment() throws IOException {
        pki = TestPki.generate();
        backendA = SimulatedTeeBackend.start(pki.forge(), MODEL_A, SimulatedTeeBackend.Shape.DIRECT, 1, port("it.backend.port"));
        backendB = SimulatedTeeBackend.start(pki.forge(), MODEL_B, SimulatedTeeBackend.Shape.DIRECT, 2, port("it.backend2.port"));
        pcs = FakePcs.start(port("it.pcs.port"));
        QuoteCollateral collateral = pki.collateral(CollateralSpec.tdx());
        pcs.serve(TeeType.TDX, HexFormat.of().formatHex(pki.pck().spec().fmspc()),
                pki.pck().spec().caType().name().toLowerCase(Locale.ROOT), collateral);
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port("it.registry.port")), 0);
        byte[] endpoints = ("{\"endpoints\":[{\"domain\":\"" + DOMAIN_A + "\",\"models\":[\"" + MODEL_A + "\"]},"
                + "{\"domain\":\"" + DOMAIN_B + "\",\"models\":[\"" + MODEL_B + "\"]}]}").getBytes(StandardCharsets.UTF_8);
        registry.createContext("/endpoints", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, endpoints.length);
            exchange.getResponseBody().write(endpoints);
            exchange.close();
        });
        registry.start();
    }

    /** Starts everything once per test JVM and writes the proxy configuration for the servers. */
    public static synchronized ItEnvironment start() {
        if (current == null) {
            try {
                current = new ItEnvironment();
                current.writeProxyProperties();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the IT environment", e);
            }
        }
        return current;
    }

    public static synchronized ItEnvironment get() {
        if (current == null) {
            throw new IllegalStateException("IT environment not started: is ItEnvironmentListener registered?");
        }
        return current;
    }

    static synchronized void stop() {
        if (current != null) {
            current.backendA.close();
            current.backendB.close();
            current.pcs.close();
            current.registry.stop(0);
            current = null;
        }
    }

    public SimulatedTeeBackend backendA() {
        return backendA;
    }

    public SimulatedTeeBackend backendB() {
        return backendB;
    }

    public FakePcs pcs() {
        return pcs;
    }

    /** The configuration every server's proxy runs with in the ITs. */
    Map<String, String> proxyProperties() throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work.dir", "target/it-work")));
        Path root = work.resolve("test-intel-root.pem");
        Files.writeString(root, pki.rootCertificatePem());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("verifiedproxy.trust.allow-test-roots", "true");
        properties.put("verifiedproxy.trust.test-intel-root", root.toAbsolutePath().toString());
        properties.put("verifiedproxy.collateral.pcs-url", pcs.baseUrl().toString());
        properties.put("verifiedproxy.upstream.discovery-url",
                "http://127.0.0.1:" + registry.getAddress().getPort() + "/endpoints");
        properties.put("verifiedproxy.upstream.resolve", DOMAIN_A + "=127.0.0.1:" + backendA.port() + ","
                + DOMAIN_B + "=127.0.0.1:" + backendB.port());
        properties.put("verifiedproxy.attestation.failure-backoff", "0s");
        properties.put("verifiedproxy.attestation.timeout", "10s");
        return properties;
    }

    private void writeProxyProperties() throws IOException {
        Map<String, String> values = proxyProperties();
        Properties properties = new Properties();
        properties.putAll(values);
        Path file = Path.of(System.getProperty("it.work.dir", "target/it-work"), "proxy.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "verified-proxy configuration for the integration tests (generated)");
        }
        if ("tomcat".equals(System.getProperty("it.server"))) {
            // The embedded Tomcat runs in this JVM: the WAR reads these as system properties.
            values.forEach(System::setProperty);
        }
    }

    private static int port(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
        }
        return Integer.parseInt(value);
    }
}
