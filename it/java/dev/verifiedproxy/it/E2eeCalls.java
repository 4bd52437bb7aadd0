package dev.verifiedproxy.it;

import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Scanner;
import java.util.stream.Collectors;

import static dev.verifiedproxy.it.HttpAsserts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the E2EE ITs send through a deployed WAR: chats and other requests asking for E2EE and a
 * signature check, and the polling of {@code GET /verify/chat/{id}}. One deployment per test class:
 * Payara Micro's managed adapter runs one application at a time.
 */
final class E2eeCalls {

    static final String PROMPT = "Between us: the merger closes on Friday.";
    static final String ED25519_WAR = "verified-proxy-ed25519.war";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    E2eeCalls(URI base) {
        this.base = base;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    HttpClient http() {
        return http;
    }

    /**
     * The packaged WAR with context parameters for ed25519 (NaCl box for v1, XChaCha20-Poly1305 for v2) and
     * {@code encrypt-all-fields}: they apply where no system property sets the key.
     */
    static WebArchive ed25519War() {
        WebArchive war = Deployments.packagedWar(ED25519_WAR);
        String webXml;
        try (Scanner scanner = new Scanner(war.get("WEB-INF/web.xml").getAsset().openStream(), StandardCharsets.UTF_8)) {
            webXml = scanner.useDelimiter("\\A").next();
        }
        String params = Map.of("verifiedproxy.attestation.signing-algo", "ed25519",
                        "verifiedproxy.e2ee.encrypt-all-fields", "true").entrySet().stream()
                .map(p -> "  <context-param><param-name>" + p.getKey() + "</param-name><param-value>" + p.getValue()
                        + "</param-value></context-param>\n").collect(Collectors.joining());
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml.replace("<display-name>verified-proxy</display-name>",
                "<display-name>verified-proxy</display-name>\n" + params)));
        return war;
    }

    HttpResponse<String> chat(String version, String model, boolean stream) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"n_events\":3,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + PROMPT + "\"}]}";
        return post("v1/chat/completions", version, body);
    }

    HttpResponse<String> post(String path, String version, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-Verified-Proxy-E2ee", version)
                .header("X-Verified-Proxy-Verify-Signature", "true")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code GET /verify/chat/{id}} (bounded) until the check is decided. */
    JsonObject decided(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject result;
        do {
            Thread.sleep(100);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("verify/chat/" + id))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            result = json(response.body());
        } while (result.getString("status").equals("pending") && System.nanoTime() < deadline);
        return result;
    }
}
