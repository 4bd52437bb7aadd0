package dev.verifiedproxy.config;

import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttestationPolicyConfigTest {

    private static ProxyConfig load(Map<String, String> env) {
        return ProxyConfig.load(List.of(ConfigSource.systemProperties(Map.of()), ConfigSource.environment(env),
                ConfigSource.contextParameters(Map.of())));
    }

    @Test
    void withoutAFileTheDefaultPolicyAppliesAndObserveIsOff() {
        ProxyConfig config = load(Map.of());
        assertTrue(config.find(ConfigKeys.POLICY_FILE).isEmpty());
        assertEquals(PolicyLoader.defaultPolicy(), config.find(ConfigKeys.POLICY_FILE).orElse(PolicyLoader.defaultPolicy()));
        assertFalse(config.get(ConfigKeys.OBSERVE));
    }

    @Test
    void aValidFileIsLoadedOnceAndLoggedByDigest(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.write(file, PolicyLoader.defaultPolicyBytes());
        ProxyConfig config = load(Map.of("VERIFIEDPROXY_ATTESTATION_POLICY_FILE", file.toString(),
                "VERIFIEDPROXY_ATTESTATION_OBSERVE", "true"));
        AttestationPolicy policy = config.get(ConfigKeys.POLICY_FILE);
        assertEquals(PolicyParser.digest(PolicyLoader.defaultPolicyBytes()), policy.digest());
        assertTrue(config.get(ConfigKeys.OBSERVE));
        assertTrue(config.describe().stream()
                .anyMatch(l -> l.startsWith("verifiedproxy.attestation.policy-file = " + file + " (sha256:")),
                config.describe().toString());
    }

    /** An invalid policy stops the deployment, naming the setting and each problem's JSON path. */
    @Test
    void anInvalidFileStopsTheStartWithItsJsonPaths(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"schema\":\"verified-proxy/attestation-policy/v1\",\"profiles\":{\"m\":{\"match\":{\"role\":\"model\"},"
                + "\"boot\":{\"allow\":[]},\"app\":{\"appIds\":[\"ABC\"]}}}}", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("VERIFIEDPROXY_ATTESTATION_POLICY_FILE", file.toString())));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("environment variable VERIFIEDPROXY_ATTESTATION_POLICY_FILE"), e.getMessage());
        assertTrue(e.problems().get(0).contains("$.profiles.m.app.appIds[0]"), e.getMessage());
    }
}
