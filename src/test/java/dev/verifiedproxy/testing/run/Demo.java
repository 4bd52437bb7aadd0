package dev.verifiedproxy.testing.run;

import dev.verifiedproxy.testing.backend.SimulatedNearCloud;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn -Pdemo}: verified-proxy in front of a simulated NEAR AI model CVM, entirely offline.
 * Starts a {@link SimulatedNearCloud} (test PKI, one model CVM over TLS, fake Intel PCS, fake
 * endpoint registry) in this JVM, then the real {@code verified-proxy-tomcat.war} in an embedded
 * Tomcat in a child JVM configured — through environment variables, the only way test roots can
 * be enabled — to trust the test root. Ctrl-C stops both.
 */
public final class Demo {

    public static final String MODEL = "demo/qwen-sim";
    public static final String DOMAIN = "demo.completions.near.ai";

    private Demo() {
    }

    /** @param args the WAR, then the classpath of the embedded Tomcat (this launcher's classes plus Tomcat) */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: Demo <verified-proxy-tomcat.war> <embedded Tomcat classpath>");
            System.exit(2);
        }
        Path war = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080").strip());
        SimulatedNearCloud cloud = SimulatedNearCloud.start(war.getParent().resolve("demo"), 0, 0,
                List.of(new SimulatedNearCloud.Model(MODEL, DOMAIN, 1, 0)));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", args[1], EmbeddedTomcat.class.getName(), war.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("VERIFIEDPROXY_"));
        environment.putAll(cloud.proxyEnvironment());
        environment.put("PORT", Integer.toString(port));
        Process proxy = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.destroy();
            cloud.close();
        }));
        banner(port);
        int exit = proxy.waitFor();
        cloud.close();
        System.exit(exit);
    }

    private static void banner(int port) {
        String base = "http://127.0.0.1:" + port;
        System.out.println("""

                ============================================================================
                 verified-proxy DEMO: a simulated NEAR AI model CVM whose attestation is
                 signed by a TEST PKI generated just now (its GPUs and NVIDIA's
                 attestation service are simulated too). The proxy trusts that test root
                 (VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS=true), says so in its log and in
                 /health, and must never be run like this in production.
                ============================================================================
                 When the proxy reports it is listening, try:

                   curl -s %1$s/health

                   curl -si %1$s/v1/chat/completions -H 'Content-Type: application/json' \\
                     -d '{"model":"%2$s","messages":[{"role":"user","content":"Hello"}]}'

                   curl -sN %1$s/v1/chat/completions -H 'Content-Type: application/json' \\
                     -d '{"model":"%2$s","stream":true,"messages":[{"role":"user","content":"Hello"}]}'

                   curl -s %1$s/verify/model/%2$s

                 The X-Verified-Proxy-* response headers say what was verified; the last
                 command shows the whole verdict (every check, GPUs included), and
                 %1$s/verify/evidence/<id> its evidence bundle.
                 Ctrl-C stops the proxy and the simulated CVM.
                ============================================================================
                """.formatted(base, MODEL));
    }
}
