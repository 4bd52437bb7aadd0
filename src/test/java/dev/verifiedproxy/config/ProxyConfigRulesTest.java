package dev.verifiedproxy.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cross-key rules of the proxy settings, each naming the keys involved. */
class ProxyConfigRulesTest {

    private static ProxyConfig env(Map<String, String> values) {
        return ProxyConfig.load(List.of(ConfigSource.environment(values)));
    }

    private static String problem(Map<String, String> values) {
        return assertThrows(ConfigException.class, () -> env(values)).getMessage();
    }

    @Test
    void aHeldKeyNeedsClientAuthentication() {
        assertTrue(problem(Map.of("VERIFIEDPROXY_UPSTREAM_API_KEY", "sk-x")).contains("anyone who can reach the proxy"));
        assertDoesNotThrow(() -> env(Map.of("VERIFIEDPROXY_UPSTREAM_API_KEY", "sk-x",
                "VERIFIEDPROXY_CLIENT_AUTH", "token", "VERIFIEDPROXY_CLIENT_TOKENS", "t1,t2")));
    }

    @Test
    void tokenAuthNeedsTokensAndClientAuthNeedsAHeldKey() {
        assertTrue(problem(Map.of("VERIFIEDPROXY_UPSTREAM_API_KEY", "sk-x", "VERIFIEDPROXY_CLIENT_AUTH", "token"))
                .contains("verifiedproxy.client.tokens lists none"));
        assertTrue(problem(Map.of("VERIFIEDPROXY_CLIENT_AUTH", "container"))
                .contains("verifiedproxy.upstream.api-key is not set"));
    }

    @Test
    void plainHttpDiscoveryNeedsTheTestOptIn() {
        assertTrue(problem(Map.of("VERIFIEDPROXY_UPSTREAM_DISCOVERY_URL", "http://127.0.0.1:1/endpoints"))
                .contains("plain http"));
        assertDoesNotThrow(() -> env(Map.of("VERIFIEDPROXY_UPSTREAM_DISCOVERY_URL", "http://127.0.0.1:1/endpoints",
                "VERIFIEDPROXY_TRUST_ALLOW_TEST_ROOTS", "true")));
    }

    @Test
    void malformedListsNameTheKey() {
        assertTrue(problem(Map.of("VERIFIEDPROXY_UPSTREAM_RESOLVE", "a.completions.near.ai=127.0.0.1"))
                .contains("VERIFIEDPROXY_UPSTREAM_RESOLVE"));
        assertTrue(problem(Map.of("VERIFIEDPROXY_UPSTREAM_ALLOWED_DOMAINS", "*.near.ai,*.*.x"))
                .contains("VERIFIEDPROXY_UPSTREAM_ALLOWED_DOMAINS"));
        assertTrue(problem(Map.of("VERIFIEDPROXY_ATTESTATION_SIGNING_ALGO", "rsa")).contains("ecdsa or ed25519"));
    }
}
