package dev.verifiedproxy.it;

import dev.verifiedproxy.testing.backend.SimulatedNearCloud;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.dcap.FakePcs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the integration tests' proxy talks to, all on 127.0.0.1 in the test JVM and started before
 * any server boots (see {@link ItEnvironmentListener}): a {@link SimulatedNearCloud} with two model
 * CVM groups on the ports the build reserved. The proxy's configuration for them is written to
 * {@code it-work/proxy.properties}, which WildFly ({@code -P}) and Payara Micro
 * ({@code --systemProperties}) load at boot; the embedded Tomcat shares this JVM and gets the
 * same values as system properties.
 */
public final class ItEnvironment {

    public static final String MODEL_A = "test/model-a";
    public static final String MODEL_B = "test/model-b";
    public static final String DOMAIN_A = "model-a.completions.near.ai";
    public static final String DOMAIN_B = "model-b.completions.near.ai";

    private static ItEnvironment current;

    private final SimulatedNearCloud cloud;

    private ItEnvironment() {
        // The fake NRAS takes any free port unless the build reserves one (it.nras.port).
        List<SimulatedNearCloud.Model> models = new ArrayList<>(List.of(
                new SimulatedNearCloud.Model(MODEL_A, DOMAIN_A, 1, port("it.backend.port")),
                new SimulatedNearCloud.Model(MODEL_B, DOMAIN_B, 2, port("it.backend2.port"))));
        models.addAll(DedicatedBackends.models());
        cloud = SimulatedNearCloud.start(workDir(), port("it.pcs.port"), port("it.registry.port"),
                Integer.getInteger("it.nras.port", 0), models);
    }

    /** Starts everything once per test JVM and writes the proxy configuration for the servers. */
    public static synchronized ItEnvironment start() {
        if (current == null) {
            current = new ItEnvironment();
            try {
                current.writeProxyProperties();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the proxy configuration for the ITs", e);
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
            current.cloud.close();
            current = null;
        }
    }

    public SimulatedTeeBackend backendA() {
        return cloud.backend(MODEL_A);
    }

    public SimulatedTeeBackend backendB() {
        return cloud.backend(MODEL_B);
    }

    /** The backend of any model of the simulated cloud (see {@link DedicatedBackends}). */
    public SimulatedTeeBackend backend(String model) {
        return cloud.backend(model);
    }

    public FakePcs pcs() {
        return cloud.pcs();
    }

    /** The configuration every server's proxy runs with in the ITs. */
    Map<String, String> proxyProperties() {
        Map<String, String> properties = new LinkedHashMap<>(cloud.proxySettings());
        properties.put("verifiedproxy.attestation.failure-backoff", "0s");
        // Ample for a simulated report; short, because ProxyIT waits it out once per server (attestation timeout).
        properties.put("verifiedproxy.attestation.timeout", "5s");
        return properties;
    }

    private void writeProxyProperties() throws IOException {
        Map<String, String> values = proxyProperties();
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer out = Files.newBufferedWriter(workDir().resolve("proxy.properties"), StandardCharsets.UTF_8)) {
            properties.store(out, "verified-proxy configuration for the integration tests (generated)");
        }
        if ("tomcat".equals(System.getProperty("it.server"))) {
            // The embedded Tomcat runs in this JVM: the WAR reads these as system properties.
            values.forEach(System::setProperty);
        }
        if ("wildfly".equals(System.getProperty("it.server"))) {
            AuthDeployments.addWildFlyUsers(Path.of(System.getProperty("jboss.home")));
        }
    }

    private static Path workDir() {
        return Path.of(System.getProperty("it.work.dir", "target/it-work"));
    }

    private static int port(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
        }
        return Integer.parseInt(value);
    }
}
