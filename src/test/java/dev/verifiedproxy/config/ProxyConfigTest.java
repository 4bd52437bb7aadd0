package dev.verifiedproxy.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyConfigTest {

    private static final ConfigKey<Integer> SIZE = ConfigKey.of("verifiedproxy.test.pool-size", "4",
            ValueParser.integer(1, 100), "pool size");
    private static final ConfigKey<Duration> TTL = ConfigKey.of("verifiedproxy.test.ttl", "1h",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofDays(1)), "ttl");
    private static final ConfigKey<String> KEY = ConfigKey.secret("verifiedproxy.test.api-key",
            ValueParser.text(), "api key");
    private static final List<ConfigKey<?>> KEYS = List.of(SIZE, TTL, KEY);

    private static ProxyConfig load(Map<String, String> props, Map<String, String> env, Map<String, String> params) {
        return ProxyConfig.load(KEYS, List.of(), List.of(ConfigSource.systemProperties(props),
                ConfigSource.environment(env), ConfigSource.contextParameters(params)));
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ProxyConfig config = load(Map.of(), Map.of(), Map.of());
        assertEquals(4, config.get(SIZE));
        assertEquals(Duration.ofHours(1), config.get(TTL));
        assertTrue(config.find(KEY).isEmpty());
        assertEquals("default", config.originOf(SIZE));
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsContextParameter() {
        ProxyConfig config = load(Map.of("verifiedproxy.test.pool-size", "7"),
                Map.of("VERIFIEDPROXY_TEST_POOL_SIZE", "8", "VERIFIEDPROXY_TEST_TTL", "30s"),
                Map.of("verifiedproxy.test.pool-size", "9", "verifiedproxy.test.ttl", "5m"));
        assertEquals(7, config.get(SIZE));
        assertEquals(Duration.ofSeconds(30), config.get(TTL));
        assertEquals("environment variable VERIFIEDPROXY_TEST_TTL", config.originOf(TTL));

        ProxyConfig fromParams = load(Map.of(), Map.of(), Map.of("verifiedproxy.test.ttl", "PT2M"));
        assertEquals(Duration.ofMinutes(2), fromParams.get(TTL));
    }

    @Test
    void everyInvalidValueIsReportedWithItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                Map.of("verifiedproxy.test.pool-size", "lots"), Map.of("VERIFIEDPROXY_TEST_TTL", "3d"), Map.of()));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("system property verifiedproxy.test.pool-size = 'lots'"), e.getMessage());
        assertTrue(e.problems().get(1).contains("VERIFIEDPROXY_TEST_TTL"), e.getMessage());
    }

    @Test
    void misspeltKeysAreRejectedInEverySource() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                Map.of("verifiedproxy.test.pool-sise", "3"), Map.of("VERIFIEDPROXY_TEST_TTLL", "1h"),
                Map.of("verifiedproxy.nope", "x")));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("verifiedproxy.test.pool-sise is not a verified-proxy setting"));
        assertTrue(e.getMessage().contains("VERIFIEDPROXY_TEST_TTLL"));
    }

    @Test
    void unrelatedNamesAreIgnored() {
        ProxyConfig config = load(Map.of("java.home", "/x"), Map.of("PATH", "/bin"), Map.of("jakarta.faces.x", "y"));
        assertEquals(4, config.get(SIZE));
    }

    @Test
    void secretsNeverAppearInMessagesOrDescriptions() {
        ProxyConfig config = load(Map.of(), Map.of("VERIFIEDPROXY_TEST_API_KEY", "sk-very-secret"), Map.of());
        assertEquals("sk-very-secret", config.get(KEY));
        assertFalse(String.join("\n", config.describe()).contains("sk-very-secret"));

        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of(), Map.of("VERIFIEDPROXY_TEST_API_KEY", "   "), Map.of()));
        assertTrue(e.getMessage().contains("VERIFIEDPROXY_TEST_API_KEY: must not be empty"), e.getMessage());
    }

    @Test
    void rulesRunOnlyOnValidValuesAndReportTheirProblem() {
        ProxyConfig.ConfigRule rule = c -> c.get(SIZE) > 5 && c.find(KEY).isEmpty()
                ? java.util.Optional.of("pool size above 5 needs an api key") : java.util.Optional.empty();
        ConfigException e = assertThrows(ConfigException.class, () -> ProxyConfig.load(KEYS, List.of(rule),
                List.of(ConfigSource.systemProperties(Map.of("verifiedproxy.test.pool-size", "6")))));
        assertEquals(List.of("pool size above 5 needs an api key"), e.problems());
    }

    @Test
    void parsersExplainWhatTheyExpect() {
        assertEquals(32L * 1024 * 1024, ValueParser.byteSize(0, Long.MAX_VALUE).parse("32MiB"));
        assertEquals(1000L, ValueParser.byteSize(0, Long.MAX_VALUE).parse("1000"));
        assertEquals(Duration.ofMillis(250), ValueParser.duration(Duration.ZERO, Duration.ofDays(1)).parse("250ms"));
        assertEquals(URI.create("https://example.com/x"), ValueParser.httpUrl(true).parse("https://example.com/x"));
        assertEquals(List.of("a", "b"), ValueParser.listOf(ValueParser.text()).parse(" a, ,b "));
        assertEquals(Boolean.TRUE, ValueParser.bool().parse("TRUE"));

        assertTrue(message(() -> ValueParser.httpUrl(true).parse("http://example.com")).contains("https"));
        assertTrue(message(() -> ValueParser.httpUrl(false).parse("https://example.com/?q=1")).contains("query"));
        assertTrue(message(() -> ValueParser.bool().parse("yes")).contains("true or false"));
        assertTrue(message(() -> ValueParser.byteSize(0, 10).parse("11")).contains("between"));
        assertTrue(message(() -> ValueParser.oneOf(Mode.class).parse("sideways")).contains("[direct, via-gateway]"));
        assertEquals(Mode.VIA_GATEWAY, ValueParser.oneOf(Mode.class).parse("via-gateway"));
        assertTrue(message(() -> ValueParser.readableFile().parse("/no/such/file")).contains("/no/such/file"));
    }

    @Test
    void environmentNamesFollowFromKeyNames() {
        assertEquals("VERIFIEDPROXY_TEST_POOL_SIZE", SIZE.environmentName());
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.of("Verified.Bad", "1", ValueParser.text(), "x"));
    }

    @Test
    void theProductKeysHaveValidDefaults() {
        ProxyConfig config = ProxyConfig.load(List.of());
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (key.defaultValue() != null) {
                assertTrue(config.find(key).isPresent(), key.name());
            }
        }
    }

    private enum Mode { DIRECT, VIA_GATEWAY }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
