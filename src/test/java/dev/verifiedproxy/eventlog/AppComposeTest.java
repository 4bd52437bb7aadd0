package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppComposeTest {

    private static AppCompose compose(String yaml, String... allowedEnvs) {
        return AppCompose.parse(Json.createObjectBuilder().add("name", "t").add("docker_compose_file", yaml)
                .add("allowed_envs", Json.createArrayBuilder(List.of(allowedEnvs))).build().toString());
    }

    @Test
    void theModelComposeStartsOnlyDigestPinnedImages() {
        AppCompose c = AppCompose.parse(NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL).info()
                .appCompose().orElseThrow());
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("datadog/agent", "otel/opentelemetry-collector-contrib", "certbot/dns-cloudflare",
                "certbot/dns-cloudflare",
                "nearaidev/compose-manager", "nearaidev/compose-manager-launcher"), c.images().stream()
                        .map(ImageReference::repository).toList());
        assertTrue(c.images().stream().allMatch(ImageReference::pinned));
        assertEquals(Optional.of("sha256:b487f39160e9a53c3d98943a9c709d28e12babef75e0bb5a6cd5692abc8b2db6"),
                c.images().get(4).digest(),
                "the ${COMPOSE_MANAGER_IMAGE:-…} default applies: the host cannot set that variable");
        assertEquals("66007399f064f058af68771c552bcae150c9f88622305631b5141da1aa2f7b7e", c.composeHash());
    }

    @Test
    void theGatewayComposeImagesMatchTheExpectedPinnedList() {
        AppCompose c = AppCompose.parse(NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY).info()
                .appCompose().orElseThrow());
        List<String> expected = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY).expected().orElseThrow()
                .getJsonObject("compose")
                .getJsonArray("pinned_images").getValuesAs(jakarta.json.JsonString::getString);
        assertEquals(expected.stream().sorted().distinct().toList(), c.images().stream().map(ImageReference::reference).sorted()
                .distinct().toList());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void aVariableTheHostCanSetIsNotAFixedImage() {
        AppCompose c = compose("services:\n  a:\n    image: ${IMG:-x/y@sha256:" + "a".repeat(64) + "}\n", "IMG");
        assertEquals(List.of(), c.images());
        assertEquals(1, c.problems().size());
        assertEquals(1, compose("services:\n  a:\n    image: ${IMG}\n").problems().size());
        assertEquals(1, compose("services:\n  a:\n    image: x/$TAG\n").problems().size());
    }

    @Test
    void tagsCommentsQuotesAndDockerHubNamesAreRead() {
        AppCompose c = compose("services:\n  a:\n    image: \"docker.io/library/alpine:3.20\"  # base\n  b:\n    image: 'ghcr.io/o/r@sha256:"
                + "b".repeat(64) + "'\n");
        assertEquals(List.of("alpine", "ghcr.io/o/r"), c.images().stream().map(ImageReference::repository).toList());
        assertEquals(Optional.empty(), c.images().get(0).digest());
        assertEquals(Optional.of("sha256:" + "b".repeat(64)), c.images().get(1).digest());
    }

    @Test
    void constructsTheLineReaderCouldMissAreProblems() {
        assertEquals(1, compose("services:\n  a:\n    build: .\n").problems().size());
        assertEquals(1, compose("services:\n  a:\n    \"image\": evil\n").problems().size());
        assertEquals(1, compose("services:\n  a:\n    image: >\n      evil\n").problems().size());
        assertEquals(1, AppCompose.parse("{\"runner\":\"bash\"}").problems().size());
    }

    @Test
    void aManifestThatIsNotJsonIsMalformed() {
        assertEquals(FormatFailure.NOT_JSON,
                assertThrows(MalformedEvidenceException.class, () -> AppCompose.parse("not json")).reason());
    }
}
