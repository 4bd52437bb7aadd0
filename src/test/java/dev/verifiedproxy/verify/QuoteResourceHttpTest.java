package dev.verifiedproxy.verify;

import dev.verifiedproxy.VerifiedProxyApplication;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.StaticCollateralSource;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.error.ErrorMapper;
import dev.verifiedproxy.testing.dcap.DcapVector;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /verify/quote} over HTTP, through JAX-RS: Jersey's servlet in an embedded Tomcat on 127.0.0.1,
 * with the application's exception mapper and JAX-RS properties, so that what a client sees (status,
 * Content-Type, the OpenAI-style error body) is what the server sends, not what the resource method returns.
 * The resource's two {@code @Inject} collaborators are bound in Jersey's injector, in place of CDI.
 */
class QuoteResourceHttpTest {

    private static final long MAX_BODY = 64 * 1024;

    @TempDir
    static Path base;

    private static Tomcat tomcat;
    private static URI endpoint;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        DcapService dcap = new DcapService(DcapVerifier.withIntelRootCa(), new StaticCollateralSource(Map.of()));
        ProxyConfig config = ProxyConfig.load(List.of(ConfigSource.environment(
                Map.of("VERIFIEDPROXY_VERIFY_MAX_BODY_BYTES", Long.toString(MAX_BODY)))));
        ResourceConfig application = new ResourceConfig(QuoteResource.class, ErrorMapper.class)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(dcap).to(DcapService.class);
                        bind(config).to(ProxyConfig.class);
                    }
                })
                .addProperties(new VerifiedProxyApplication().getProperties());
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", base.toString());
        // The leak checks at stop need --add-opens and only warn; there is no web application class loader here.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "jax-rs", new ServletContainer(application)).setLoadOnStartup(1);
        context.addServletMappingDecoded("/*", "jax-rs");
        tomcat.start();
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/verify/quote");
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static void assertJson(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type " + type);
    }

    /** The OpenAI error object: message, type, param and code, all four present. */
    private static JsonObject error(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertJson(response);
        JsonObject body = json(response);
        assertEquals(List.of("error"), List.copyOf(body.keySet()), response.body());
        JsonObject error = body.getJsonObject("error");
        assertEquals(List.of("message", "type", "param", "code"), List.copyOf(error.keySet()), response.body());
        assertEquals("invalid_request_error", error.getString("type"));
        assertTrue(!error.getString("message").isBlank());
        return error;
    }

    @Test
    void undecodableInputIsAnOpenAiStyle400() throws Exception {
        JsonObject notJson = error(post("not json"), 400);
        assertTrue(notJson.isNull("param"));
        assertTrue(notJson.isNull("code"));
        assertEquals("quote", error(post("{\"quote\":\"zz!!\"}"), 400).getString("param"));
        assertEquals("collateral", error(post("{\"quote\":\"00ff\",\"collateral\":{\"tcb_info\":\"x\"}}"), 400)
                .getString("param"));
        assertEquals("at", error(post("{\"quote\":\"00ff\",\"at\":-1}"), 400).getString("param"));
        // A number the JSON parser cannot hold is the caller's mistake too, not an internal error.
        assertTrue(error(post("{\"quote\":\"00ff\",\"at\":1e99999999999}"), 400).isNull("param"));
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        String oversized = "{\"quote\":\"" + "00".repeat((int) MAX_BODY) + "\"}";
        JsonObject error = error(post(oversized), 413);
        assertEquals("body_too_large", error.getString("code"));
        assertTrue(error.isNull("param"));
    }

    @Test
    void aQuoteThatDecodesIs200WithItsFacts() throws Exception {
        DcapVector v = DcapVector.ALL.get(1);
        String body = Json.createObjectBuilder().add("quote", HexFormat.of().formatHex(v.quoteBytes()))
                .add("collateral", CollateralJson.toJson(v.collateralValue())).add("at", v.now()).build().toString();
        HttpResponse<String> response = post(body);
        assertEquals(200, response.statusCode(), response.body());
        assertJson(response);
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        JsonObject r = json(response);
        assertTrue(r.getBoolean("verified"), response.body());
        assertEquals("UpToDate", r.getString("status"));
        HttpResponse<String> garbage = post("{\"quote\":\"00ff00ff\"}");
        assertEquals(200, garbage.statusCode(), garbage.body());
        assertEquals("QUOTE_FORMAT", json(garbage).getString("failure"));
    }
}
