package dev.verifiedproxy.policy;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.verdict.Role;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {

    @Test
    void aMinimalPolicyGetsTheDocumentedDefaults() {
        AttestationPolicy policy = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile()));
        Profile p = policy.profiles().get(0);
        assertEquals(Set.of(TcbStatus.UP_TO_DATE), p.platform().tcbStatus().allow());
        assertEquals(Set.of(), p.platform().tcbStatus().allowAdvisoryIds());
        assertEquals(Set.of(ZeroField.values()), p.platform().mustBeZero());
        assertEquals(Optional.empty(), p.platform().mrSeam());
        assertEquals(Set.of(0, 1, 2, 3), p.eventLog().replay());
        assertEquals(PolicySections.DEFAULT_REQUIRED_EVENTS, p.eventLog().required());
        assertTrue(p.app().imagesMustBeDigestPinned());
        assertTrue(p.gpuRequired(), "the model role requires GPU evidence unless the file says otherwise");
        assertTrue(p.composeManager().required());
        assertTrue(p.requireTlsBinding());
        assertEquals(3600, p.verifiedSpkiCacheSeconds());
        assertEquals(PolicyMode.ENFORCE, p.boot().mode());
        assertEquals(1, p.boot().allow().orElseThrow().size());
    }

    @Test
    void theDigestIsSha256OfTheExactBytes() throws PolicyValidationException {
        byte[] bytes = PolicyFiles.bytes(PolicyFiles.withModel(PolicyFiles.modelProfile()).build());
        byte[] spaced = (new String(bytes, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        AttestationPolicy a = PolicyParser.parse(bytes, "a");
        AttestationPolicy b = PolicyParser.parse(spaced, "b");
        assertTrue(a.digest().startsWith("sha256:") && a.digest().length() == 71);
        assertFalse(a.digest().equals(b.digest()), "a different file is a different policy, even if it means the same");
    }

    @Test
    void profilesInheritDefaultsKeyByKey() {
        JsonObjectBuilder doc = PolicyFiles.withModel(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder()
                .add("mrSeam", Json.createObjectBuilder().add("allow", Json.createArrayBuilder().add("ab".repeat(48))))))
                .add("defaults", Json.createObjectBuilder().add("platform", Json.createObjectBuilder()
                        .add("tcbStatus", Json.createObjectBuilder()
                                .add("allow", Json.createArrayBuilder().add("UpToDate").add("OutOfDate"))))
                        .add("freshness", Json.createObjectBuilder().add("verifiedSpkiCacheSeconds", 60)));
        Profile p = PolicyFiles.parse(doc).profiles().get(0);
        assertEquals(Set.of(TcbStatus.UP_TO_DATE, TcbStatus.OUT_OF_DATE), p.platform().tcbStatus().allow());
        assertEquals(List.of("ab".repeat(48)), p.platform().mrSeam().orElseThrow().values());
        assertEquals(60, p.verifiedSpkiCacheSeconds());
    }

    @Test
    void theFirstMatchingProfileInFileOrderApplies() {
        AttestationPolicy policy = PolicyFiles.parse(PolicyFiles.policy(Json.createObjectBuilder()
                .add("direct", PolicyFiles.modelProfile().add("match", Json.createObjectBuilder().add("role", "model")
                        .add("hostSuffixes", Json.createArrayBuilder().add(".completions.near.ai"))))
                .add("via-gateway", PolicyFiles.modelProfile().add("match", Json.createObjectBuilder().add("role", "model")
                        .add("hosts", Json.createArrayBuilder().add("cloud-api.near.ai"))))
                .add("gw", PolicyFiles.gatewayProfile())));
        assertEquals("direct", policy.profileFor(Role.MODEL, "qwen35-122b.completions.near.ai").orElseThrow().name());
        assertEquals("via-gateway", policy.profileFor(Role.MODEL, "Cloud-API.near.ai").orElseThrow().name());
        assertEquals("via-gateway", policy.profileFor(Role.COMPOSE_MANAGER, "cloud-api.near.ai").orElseThrow().name(),
                "a compose-manager is judged by its model's profile");
        assertEquals("gw", policy.profileFor(Role.GATEWAY, "anything.example").orElseThrow().name());
        assertEquals(Optional.empty(), policy.profileFor(Role.MODEL, "evil.example"));
    }

    @Test
    void unknownKeysAreInvalidWherever() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()).add("extra", 1), "$.extra", PolicyErrorKind.UNKNOWN_KEY);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("bot", 1)), "$.profiles.m.bot",
                PolicyErrorKind.UNKNOWN_KEY);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("mrSeem",
                Json.createObjectBuilder()))), "$.profiles.m.platform.mrSeem", PolicyErrorKind.UNKNOWN_KEY);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()).add("defaults", Json.createObjectBuilder().add("eventLog",
                Json.createObjectBuilder().add("replays", Json.createArrayBuilder()))), "$.defaults.eventLog.replays",
                        PolicyErrorKind.UNKNOWN_KEY);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder().add("allow",
                Json.createArrayBuilder().add(PolicyFiles.tuple().add("rtmr3", "00"))))), "$.profiles.m.boot.allow[0].rtmr3",
                PolicyErrorKind.UNKNOWN_KEY);
    }

    @Test
    void hexMustBeLowercaseAndExactlyTheRightLength() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder().add("allow",
                Json.createArrayBuilder().add(PolicyFiles.tuple().add("mrtd", PolicyFiles.MRTD.toUpperCase()))))),
                "$.profiles.m.boot.allow[0].mrtd", PolicyErrorKind.BAD_HEX);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder().add("allow",
                Json.createArrayBuilder().add(PolicyFiles.tuple()
                        .add("rtmr0", Json.createArrayBuilder().add("ab".repeat(47))))))),
                "$.profiles.m.boot.allow[0].rtmr0[0]", PolicyErrorKind.BAD_HEX);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("app", Json.createObjectBuilder().add("appIds",
                Json.createArrayBuilder().add("0x2c0a0c96cb6dbd659bf1446e2f3fce58172ff91b")))), "$.profiles.m.app.appIds[0]",
                        PolicyErrorKind.BAD_HEX);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("app", Json.createObjectBuilder().add("compose",
                Json.createObjectBuilder().add("mode", "pinned").add("allowHashes", Json.createArrayBuilder().add("xyz"))))),
                "$.profiles.m.app.compose.allowHashes[0]", PolicyErrorKind.BAD_HEX);
    }

    @Test
    void wrongTypesAndMissingKeysAreNamed() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("gpu", Json.createObjectBuilder().add("required", "yes"))),
                "$.profiles.m.gpu.required", PolicyErrorKind.WRONG_TYPE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().remove("match")), "$.profiles.m.match",
                PolicyErrorKind.MISSING_KEY);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("match", Json.createObjectBuilder().add("role", "client"))),
                "$.profiles.m.match.role", PolicyErrorKind.BAD_VALUE);
        assertError(Json.createObjectBuilder().add("profiles", Json.createObjectBuilder().add("m", PolicyFiles.modelProfile())),
                "$.schema", PolicyErrorKind.MISSING_KEY);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()).add("schema", "verified-proxy/attestation-policy/v2"),
                "$.schema", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.policy(Json.createObjectBuilder()), "$.profiles", PolicyErrorKind.BAD_VALUE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("match", Json.createObjectBuilder().add("role", "model")
                .add("hostSuffixes", Json.createArrayBuilder().add("completions.near.ai")))),
                        "$.profiles.m.match.hostSuffixes[0]",
                PolicyErrorKind.BAD_VALUE);
    }

    /** measurements.md §3.5: a profile with no boot.allow is a configuration error unless it says warn. */
    @Test
    void bootMustBePinnedUnlessInWarnMode() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder())),
                "$.profiles.m.boot.allow",
                PolicyErrorKind.RULE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().remove("boot")), "$.profiles.m.boot",
                PolicyErrorKind.MISSING_KEY);
        Profile warn = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder()
                .add("mode", "warn")))).profiles().get(0);
        assertEquals(PolicyMode.WARN, warn.boot().mode());
        Profile empty = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder()
                .add("allow", Json.createArrayBuilder())))).profiles().get(0);
        assertEquals(Optional.of(List.of()), empty.boot().allow(),
                "valid: an empty allow-list in enforce mode denies everything");
    }

    @Test
    void contradictoryValuesAreRuleErrors() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("tcbStatus",
                Json.createObjectBuilder().add("allow", Json.createArrayBuilder().add("UpToDate"))
                        .add("outOfDateGraceDays", 30)))),
                "$.profiles.m.platform.tcbStatus.outOfDateGraceDays", PolicyErrorKind.RULE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("eventLog", Json.createObjectBuilder().add("replay",
                Json.createArrayBuilder().add("rtmr0")))), "$.profiles.m.eventLog.replay", PolicyErrorKind.RULE);
        assertError(PolicyFiles.policy(Json.createObjectBuilder().add("g", PolicyFiles.gatewayProfile().add("composeManager",
                Json.createObjectBuilder()))), "$.profiles.g.composeManager", PolicyErrorKind.RULE);
        assertError(PolicyFiles.policy(Json.createObjectBuilder().add("g", PolicyFiles.gatewayProfile().add("gpu",
                Json.createObjectBuilder().add("required", true)))), "$.profiles.g.gpu.required", PolicyErrorKind.RULE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("composeManager", Json.createObjectBuilder()
                .add("composeManagerImage", Json.createObjectBuilder().add("provenanceRule", "nope")))),
                "$.profiles.m.composeManager.composeManagerImage.provenanceRule", PolicyErrorKind.RULE);
    }

    @Test
    void revokedIsNeverAllowedAndStatusesAreIntelsStrings() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("tcbStatus",
                Json.createObjectBuilder().add("allow", Json.createArrayBuilder().add("Revoked"))))),
                "$.profiles.m.platform.tcbStatus.allow[0]", PolicyErrorKind.BAD_VALUE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("tcbStatus",
                Json.createObjectBuilder().add("allow", Json.createArrayBuilder().add("uptodate"))))),
                "$.profiles.m.platform.tcbStatus.allow[0]", PolicyErrorKind.BAD_VALUE);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("tcbStatus",
                Json.createObjectBuilder().add("allowAdvisoryIds", Json.createArrayBuilder().add("SA-1"))))),
                "$.profiles.m.platform.tcbStatus.allowAdvisoryIds[0]", PolicyErrorKind.BAD_VALUE);
    }

    /** Parts of the §3.5 design that are not implemented are refused, never silently ignored. */
    @Test
    void unsupportedFeaturesFailClosed() {
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("platform", Json.createObjectBuilder().add("tdAttributes",
                Json.createObjectBuilder().add("debug", "allow")))), "$.profiles.m.platform.tdAttributes.debug",
                        PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("eventLog", Json.createObjectBuilder().add("runtimeEventVersions",
                Json.createArrayBuilder().add(1).add(2)))), "$.profiles.m.eventLog.runtimeEventVersions",
                        PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("app", Json.createObjectBuilder().add("mrConfigId", "v2"))),
                "$.profiles.m.app.mrConfigId", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("freshness", Json.createObjectBuilder().add("requireClientNonce",
                false))), "$.profiles.m.freshness.requireClientNonce", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("gpu", Json.createObjectBuilder().add("requireNonceMatch", false))),
                "$.profiles.m.gpu.requireNonceMatch", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("reportData", Json.createObjectBuilder().add("layout", "other"))),
                "$.profiles.m.reportData.layout", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("composeManager", Json.createObjectBuilder().add("localMirror",
                "/srv/git"))), "$.profiles.m.composeManager.localMirror", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()).add("images", Json.createObjectBuilder().add("sigstore",
                Json.createObjectBuilder())), "$.images.sigstore", PolicyErrorKind.UNSUPPORTED);
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()).add("images", Json.createObjectBuilder().add("rules",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "cm").add("repo", "nearaidev/compose-manager")
                        .add("provenance", Json.createObjectBuilder().add("type", "fulcio")
                                .add("issuer", "https://token.actions.githubusercontent.com"))))),
                                        "$.images.rules[0].provenance.type",
                PolicyErrorKind.UNSUPPORTED);
    }

    @Test
    void imageRulesAreDigestAllowLists() {
        AttestationPolicy policy = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile().add("composeManager",
                Json.createObjectBuilder().add("composeManagerImage", Json.createObjectBuilder().add("provenanceRule", "cm"))))
                .add("images", Json.createObjectBuilder().add("unknownRepos", "allow").add("rules", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "cm").add("repo", "nearaidev/compose-manager").add("provenance",
                                Json.createObjectBuilder().add("type", "digest-allowlist")
                                        .add("digests", Json.createArrayBuilder()
                                        .add("sha256:" + "b4".repeat(32))))))));
        assertTrue(policy.images().allowUnknownRepos());
        assertEquals("nearaidev/compose-manager", policy.profiles().get(0).composeManager().image().orElseThrow().repository());
        assertError(PolicyFiles.withModel(PolicyFiles.modelProfile()).add("images", Json.createObjectBuilder().add("rules",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "x").add("repo", "a/b").add("provenance",
                        Json.createObjectBuilder().add("type", "digest-allowlist")
                                .add("digests", Json.createArrayBuilder().add("b4".repeat(32))))))),
                "$.images.rules[0].provenance.digests[0]", PolicyErrorKind.BAD_VALUE);
    }

    @Test
    void everyProblemIsReportedInOneGo() {
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyParser.parse(PolicyFiles.bytes(
                PolicyFiles.withModel(PolicyFiles.modelProfile().add("bot", 1).add("app", Json.createObjectBuilder().add("appIds",
                        Json.createArrayBuilder().add("XX")))).add("extra", true).build()), "file.json"));
        assertEquals(Set.of("$.extra", "$.profiles.m.bot", "$.profiles.m.app.appIds[0]"),
                Set.copyOf(e.errors().stream().map(PolicyError::path).toList()));
        assertTrue(e.getMessage().startsWith("invalid attestation policy file.json: "));
    }

    @Test
    void notJsonAndOversizedFilesAreRefused() {
        assertEquals(PolicyErrorKind.NOT_JSON, assertThrows(PolicyValidationException.class,
                () -> PolicyParser.parse("{".getBytes(StandardCharsets.UTF_8), "x")).errors().get(0).kind());
        assertEquals(PolicyErrorKind.WRONG_TYPE, assertThrows(PolicyValidationException.class,
                () -> PolicyParser.parse("[]".getBytes(StandardCharsets.UTF_8), "x")).errors().get(0).kind());
        assertEquals(PolicyErrorKind.TOO_LARGE, assertThrows(PolicyValidationException.class,
                () -> PolicyParser.parse(new byte[PolicyParser.MAX_BYTES + 1], "x")).errors().get(0).kind());
    }

    /** The example of measurements.md §3.5 is valid except for its Sigstore parts, which are refused by name. */
    @Test
    void theDesignExampleIsRefusedOnlyForItsSigstoreParts() {
        PolicyValidationException e = assertThrows(PolicyValidationException.class,
                () -> PolicyParser.parse(PolicyFiles.bytes(DesignExample.json()), "measurements.md §3.5"));
        assertEquals(Set.of("$.images.sigstore", "$.images.rules[0].provenance.type", "$.images.rules[1].provenance.type"),
                Set.copyOf(e.errors().stream().map(PolicyError::path).toList()), e.getMessage());
        e.errors().forEach(err -> assertEquals(PolicyErrorKind.UNSUPPORTED, err.kind()));
        JsonObject withoutSigstore = DesignExample.withoutSigstore();
        assertEquals(2, PolicyFiles.parse(Json.createObjectBuilder(withoutSigstore)).profiles().size());
    }

    private static GpuPolicy gpu(JsonObjectBuilder section) {
        return PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile().add("gpu", section))).profiles().get(0).gpu();
    }

    private static JsonObjectBuilder modelGpu(JsonObjectBuilder section) {
        return PolicyFiles.withModel(PolicyFiles.modelProfile().add("gpu", section));
    }

    @Test
    void gpuCountAndArchitecturesArePinnedOnlyWhenTheFileSays() {
        GpuPolicy unpinned = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile())).profiles().get(0).gpu();
        assertEquals(new GpuPolicy(true, Optional.empty(), Optional.empty()), unpinned);
        assertEquals(Optional.of(Set.of(8)), gpu(Json.createObjectBuilder().add("count", 8)).counts());
        GpuPolicy pinned = gpu(Json.createObjectBuilder().add("count", Json.createArrayBuilder().add(4).add(8))
                .add("architectures", Json.createArrayBuilder().add("HOPPER").add("BLACKWELL")));
        assertEquals(Optional.of(Set.of(4, 8)), pinned.counts());
        assertEquals(Optional.of(Set.of(GpuArchitecture.HOPPER, GpuArchitecture.BLACKWELL)), pinned.architectures());
        assertTrue(pinned.required());
        assertFalse(gpu(Json.createObjectBuilder().add("required", false).add("count", 1)).required());
    }

    @Test
    void gpuCountAndArchitecturesAreValidatedWithTheirPaths() {
        assertError(modelGpu(Json.createObjectBuilder().add("count", 0)), "$.profiles.m.gpu.count", PolicyErrorKind.BAD_VALUE);
        assertError(modelGpu(Json.createObjectBuilder().add("count", 65)), "$.profiles.m.gpu.count", PolicyErrorKind.BAD_VALUE);
        assertError(modelGpu(Json.createObjectBuilder().add("count", 8.5)), "$.profiles.m.gpu.count", PolicyErrorKind.BAD_VALUE);
        assertError(modelGpu(Json.createObjectBuilder().add("count", "8")), "$.profiles.m.gpu.count", PolicyErrorKind.WRONG_TYPE);
        assertError(modelGpu(Json.createObjectBuilder().add("count", Json.createArrayBuilder().add(8).add(-1))),
                "$.profiles.m.gpu.count[1]", PolicyErrorKind.BAD_VALUE);
        assertError(modelGpu(Json.createObjectBuilder().add("architectures", Json.createArrayBuilder().add("HOPPER").add("AMPERE"))),
                "$.profiles.m.gpu.architectures[1]", PolicyErrorKind.BAD_VALUE);
        assertError(modelGpu(Json.createObjectBuilder().add("architectures", Json.createArrayBuilder().add("hopper"))),
                "$.profiles.m.gpu.architectures[0]", PolicyErrorKind.BAD_VALUE);
        assertError(modelGpu(Json.createObjectBuilder().add("architectures", "HOPPER")),
                "$.profiles.m.gpu.architectures", PolicyErrorKind.WRONG_TYPE);
        assertError(modelGpu(Json.createObjectBuilder().add("arch", "HOPPER")), "$.profiles.m.gpu.arch", PolicyErrorKind.UNKNOWN_KEY);
        assertError(PolicyFiles.policy(Json.createObjectBuilder().add("g", PolicyFiles.gatewayProfile().add("gpu",
                Json.createObjectBuilder().add("count", 8)))), "$.profiles.g.gpu.count", PolicyErrorKind.RULE);
        assertError(PolicyFiles.policy(Json.createObjectBuilder().add("g", PolicyFiles.gatewayProfile().add("gpu",
                Json.createObjectBuilder().add("architectures", Json.createArrayBuilder().add("HOPPER"))))),
                "$.profiles.g.gpu.architectures", PolicyErrorKind.RULE);
    }

    private static void assertError(JsonObjectBuilder doc, String path, PolicyErrorKind kind) {
        PolicyValidationException e = assertThrows(PolicyValidationException.class,
                () -> PolicyParser.parse(PolicyFiles.bytes(doc.build()), "test"));
        assertTrue(e.errors().stream().anyMatch(err -> err.path().equals(path) && err.kind() == kind),
                "expected " + kind + " at " + path + ", got " + e.errors());
    }
}
