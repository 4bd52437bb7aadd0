package dev.verifiedproxy.routing;

import com.sun.net.httpserver.HttpServer;
import dev.verifiedproxy.net.JdkHttpFetcher;
import dev.verifiedproxy.transport.BackendEndpoint;
import dev.verifiedproxy.transport.BackendRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTest {

    private static final String REGISTRY = """
            {"endpoints":[
              {"domain":"glm-5-1.completions.near.ai","models":["zai-org/GLM-5.1-FP8","z-ai/glm-5.1"]},
              {"domain":"evil.example.com","models":["openai/gpt-oss-120b"]},
              {"domain":"gpt-oss-120b.completions.near.ai","models":["openai/gpt-oss-120b"]}
            ]}""";

    private HttpServer registry;
    private final AtomicReference<String> body = new AtomicReference<>(REGISTRY);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private JdkHttpFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/endpoints", exchange -> {
            hits.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        registry.start();
        fetcher = new JdkHttpFetcher(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        fetcher.close();
        registry.stop(0);
    }

    private EndpointDiscovery discovery() {
        return new EndpointDiscovery(fetcher, URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/endpoints"),
                Duration.ofMinutes(5), Duration.ofSeconds(2), new DomainAllowList(List.of("*.completions.near.ai")), clock);
    }

    private Router router(Router.Mode mode) {
        return new Router(mode, "cloud-api.near.ai", discovery(), new DomainAllowList(List.of("*.completions.near.ai")),
                new EndpointResolver(443, List.of("gpt-oss-120b.completions.near.ai=127.0.0.1:8443")));
    }

    @Test
    void allowListMatchesExactlyOneLabelUnderAWildcard() {
        DomainAllowList list = new DomainAllowList(List.of("*.completions.near.ai", "cloud-api.near.ai"));
        assertTrue(list.allows("glm-5-1.completions.near.ai"));
        assertTrue(list.allows("GLM-5-1.Completions.Near.AI"));
        assertTrue(list.allows("cloud-api.near.ai"));
        assertFalse(list.allows("completions.near.ai"));
        assertFalse(list.allows("a.b.completions.near.ai"));
        assertFalse(list.allows("completions.near.ai.evil.com"));
        assertFalse(list.allows("xcompletions.near.ai"));
        assertFalse(list.allows("glm.completions.near.ai."));
        assertFalse(list.allows("127.0.0.1"));
        assertFalse(list.allows("glm.completions.near.ai:443"));
        assertFalse(list.allows(null));
        assertThrows(IllegalArgumentException.class, () -> new DomainAllowList(List.of("*.*.near.ai")));
        assertThrows(IllegalArgumentException.class, () -> new DomainAllowList(List.of("bad domain")));
    }

    @Test
    void registryEntriesOutsideTheAllowListAreIgnoredAndTheLastEntryWins() throws RouteException {
        EndpointDirectory directory = discovery().directory();
        assertEquals("gpt-oss-120b.completions.near.ai", directory.domainFor("openai/gpt-oss-120b").orElseThrow());
        assertEquals("glm-5-1.completions.near.ai", directory.domainFor("z-ai/glm-5.1").orElseThrow());
        assertEquals(List.of("evil.example.com"), directory.ignored());
    }

    @Test
    void theRegistryIsCachedForItsTtlAndServedStaleWhenARefreshFails() throws RouteException {
        EndpointDiscovery discovery = discovery();
        discovery.directory();
        discovery.directory();
        assertEquals(1, hits.get());
        now.updateAndGet(i -> i.plus(Duration.ofMinutes(6)));
        status.set(503);
        assertTrue(discovery.directory().domainFor("z-ai/glm-5.1").isPresent(), "stale copy served");
        assertEquals(2, hits.get());
        status.set(200);
        body.set("{\"endpoints\":[]}");
        assertTrue(discovery.directory().domainFor("z-ai/glm-5.1").isPresent(), "no new read during the back-off");
        assertEquals(2, hits.get());
        now.updateAndGet(i -> i.plus(EndpointDiscovery.MAX_FAILURE_BACKOFF));
        assertTrue(discovery.directory().domainFor("z-ai/glm-5.1").isEmpty(), "refreshed once the registry answers");
    }

    @Test
    void withoutAnyCopyAFailingRegistryIsReported() {
        status.set(500);
        RouteException e = assertThrows(RouteException.class, () -> discovery().directory());
        assertEquals(RouteException.Reason.DISCOVERY_UNAVAILABLE, e.reason());
        body.set("[not a registry]");
        status.set(200);
        assertEquals(RouteException.Reason.DISCOVERY_UNAVAILABLE, assertThrows(RouteException.class,
                () -> discovery().directory()).reason());
    }

    @Test
    void directModeRoutesByModelOrAllowedHeader() throws RouteException {
        Router router = router(Router.Mode.DIRECT);
        Route byModel = router.route(null, "openai/gpt-oss-120b");
        assertEquals(new BackendEndpoint("gpt-oss-120b.completions.near.ai", "127.0.0.1", 8443), byModel.endpoint());
        assertEquals(BackendRole.MODEL, byModel.role());

        Route byHeader = router.route("glm-5-1.completions.near.ai", null);
        assertEquals(BackendEndpoint.of("glm-5-1.completions.near.ai", 443), byHeader.endpoint());

        assertEquals(RouteException.Reason.DOMAIN_NOT_ALLOWED,
                assertThrows(RouteException.class, () -> router.route("evil.example.com", "x")).reason());
        assertEquals(RouteException.Reason.UNKNOWN_MODEL,
                assertThrows(RouteException.class, () -> router.route(null, "nope/model")).reason());
        assertEquals(RouteException.Reason.NO_MODEL,
                assertThrows(RouteException.class, () -> router.route(null, null)).reason());
    }

    @Test
    void gatewayModeSendsEverythingToTheGateway() throws RouteException {
        Router router = router(Router.Mode.GATEWAY);
        Route route = router.route(null, "anything");
        assertEquals(BackendEndpoint.of("cloud-api.near.ai", 443), route.endpoint());
        assertEquals(BackendRole.GATEWAY, route.role());
        assertEquals(0, hits.get(), "gateway mode never reads the registry");
        assertThrows(RouteException.class, () -> router.route("glm-5-1.completions.near.ai", "x"));
    }

    @Test
    void resolveEntriesAreValidated() {
        assertEquals(new BackendEndpoint("a.completions.near.ai", "10.0.0.1", 8443),
                EndpointResolver.parse("a.completions.near.ai=10.0.0.1:8443"));
        for (String bad : List.of("nohost", "a.b=c", "a.b=:1", "a.b=c:x", "a.b=c:70000", "=c:1", "bad host=c:1")) {
            assertThrows(IllegalArgumentException.class, () -> EndpointResolver.parse(bad), bad);
        }
    }
}
