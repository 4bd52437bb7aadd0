package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposeStateTest {

    private static final String SHA_A = "aa".repeat(32);
    private static final String SHA_B = "bb".repeat(32);

    private static JsonObjectBuilder up(String file, String tag, String sha, String... services) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("action", "compose_up").add("file", file).add("tag", tag)
                .add("commit", tag.replace('.', 'c')).add("file_sha256", sha);
        if (services.length > 0) {
            b.add("services", Json.createArrayBuilder(List.of(services)));
        }
        return b;
    }

    private static JsonObjectBuilder down(String file, String... services) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("action", "compose_down").add("file", file);
        if (services.length > 0) {
            b.add("services", Json.createArrayBuilder(List.of(services)));
        }
        return b;
    }

    private static ComposeState state(JsonObjectBuilder... actions) {
        List<ComposeAction> list = new ArrayList<>();
        for (JsonObjectBuilder a : actions) {
            list.add(ComposeAction.fromJson(a.build(), "$"));
        }
        return ComposeState.of(list);
    }

    @Test
    void theLatestComposeUpOfAFileWins() {
        ComposeState s = state(up("a.yaml", "v1", SHA_A), up("a.yaml", "v2", SHA_B));
        assertEquals("v2", s.files().get("a.yaml").tag());
        assertEquals(1, s.activeDeployments().size());
    }

    @Test
    void aWholeFileComposeDownRemovesIt() {
        ComposeState s = state(up("a.yaml", "v1", SHA_A, "proxy"), down("a.yaml"));
        assertTrue(s.files().isEmpty());
        assertTrue(s.services().isEmpty());
    }

    @Test
    void servicesKeepTheVersionThatLastStartedThem() {
        ComposeState s = state(up("a.yaml", "v1", SHA_A, "proxy", "registrar"), up("a.yaml", "v2", SHA_B, "proxy"));
        assertEquals("v1", s.services().get("a.yaml#registrar").tag());
        assertEquals("v2", s.services().get("a.yaml#proxy").tag());
        assertEquals(2, s.activeDeployments().size(), "registrar still runs the v1 file");
        ComposeState downed = state(up("a.yaml", "v1", SHA_A, "proxy", "registrar"), down("a.yaml", "registrar"));
        assertEquals(Set.of("a.yaml#proxy"), downed.services().keySet());
    }

    @Test
    void aWholeFileComposeUpMovesEveryRunningServiceOfIt() {
        ComposeState s = state(up("a.yaml", "v1", SHA_A, "registrar"), up("a.yaml", "v2", SHA_B));
        assertEquals("v2", s.services().get("a.yaml#registrar").tag());
        assertEquals(1, s.activeDeployments().size());
    }

    @Test
    void theLatestComposeManagerImageIsKept() {
        ComposeState s = state(Json.createObjectBuilder().add("action", "compose_manager_started")
                .add("image", "x@sha256:" + SHA_A),
                Json.createObjectBuilder().add("action", "docker_restart").add("container", "nginx"),
                Json.createObjectBuilder().add("action", "compose_manager_started").add("image", "x@sha256:" + SHA_B));
        assertEquals(Optional.of("x@sha256:" + SHA_B), s.composeManagerImage());
    }

    @Test
    void composeUpMustNameItsFileCommitAndHash() {
        assertEquals(FormatFailure.MISSING_FIELD, assertThrows(MalformedEvidenceException.class, () -> ComposeAction.fromJson(
                Json.createObjectBuilder().add("action", "compose_up").add("file", "a").add("commit", "c")
                        .build(), "$")).reason());
        assertEquals(FormatFailure.BAD_HEX, assertThrows(MalformedEvidenceException.class, () -> ComposeAction.fromJson(
                up("a", "v1", "xyz").build(), "$")).reason());
    }

    @Test
    void theJune2026CaptureHasThisDeployedState() {
        ComposeState s = ComposeState.of(ActionsHashTest.cm(Captures.CLOUD_0629).actions());
        assertEquals(List.of("Qwen3.5-122B.yaml", "cleanup-hf-model.yaml", "prod/small-models.yaml",
                "prod/qwen35-dsv4-flash.yaml"),
                List.copyOf(s.files().keySet()), "prod/Qwen3.5-122B.yaml was taken down");
        ComposeState.Deployment flash = s.files().get("prod/qwen35-dsv4-flash.yaml");
        assertEquals("6a284da32cbd385192d3d9de96f48af2d5794cbc", flash.commit());
        assertEquals("80b0c3cebbc7aae8d516f0d8123b2be5808408457a8eb4ecb26314559eda4247", flash.fileSha256());
        assertEquals("v0.0.214", s.services().get("Qwen3.5-122B.yaml#model-proxy-registrar").tag());
        assertEquals(5, s.activeDeployments().size());
        assertEquals(Optional.of("nearaidev/compose-manager@sha256:b487f39160e9a53c3d98943a9c709d28e12babef75e0bb5a6cd5692abc8b2db6"),
                s.composeManagerImage());
        // every (tag, commit, file, sha) listed in expected-results was really deployed
        var listed = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL).expected().orElseThrow()
                .getJsonObject("compose_manager")
                .getJsonArray("compose_up_files");
        List<ComposeAction> ups = ActionsHashTest.cm(Captures.CLOUD_0629).actions().stream()
                .filter(a -> a.action().equals(ComposeAction.COMPOSE_UP)).toList();
        for (var v : listed) {
            var t = v.asJsonArray();
            assertTrue(ups.stream().anyMatch(a -> a.tag().orElse("").equals(t.getString(0)) && a.commit().orElse("")
                    .equals(t.getString(1))
                    && a.file().orElse("").equals(t.getString(2)) && a.fileSha256().orElse("")
                            .equals(t.getString(3))), t.toString());
        }
    }
}
