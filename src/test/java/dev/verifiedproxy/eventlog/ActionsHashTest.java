package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ActionsHashTest {

    @Test
    void capturesSinceMidJune2026UseSortedKeys() {
        for (String report : new String[] {Captures.CLOUD_0629, Captures.DIRECT_0629}) {
            ComposeManagerAttestation cm = cm(report);
            assertEquals(Optional.of(ActionsHash.Canonicalisation.SORTED_KEYS),
                    ActionsHash.matching(cm.actionsJson(), cm.actionsHash()));
            assertEquals("047d7800b9cadc327b5f380f658a69faa3eea858a3c809610b5967453a36b32b", cm.actionsHash());
            assertEquals(42, cm.actions().size());
        }
    }

    /** 04-24 and the nearai-cloud-verifier fixture (whose JSON was re-saved with sorted keys) use the legacy order. */
    @Test
    void olderCapturesUseTheLegacyFieldOrder() {
        for (String report : new String[] {Captures.CLOUD_0424, Captures.DIRECT_0424, Captures.FIXTURE_01}) {
            ComposeManagerAttestation cm = cm(report);
            assertEquals(Optional.of(ActionsHash.Canonicalisation.LEGACY_FIELD_ORDER),
                    ActionsHash.matching(cm.actionsJson(), cm.actionsHash()),
                    report);
        }
        assertEquals("efdf9f707196bd2413a84525f7ba143645e5f0e91a50bc9426e83dfbf9c6476d", cm(Captures.CLOUD_0424).actionsHash());
    }

    /** Vector computed with Python: json.dumps(sort_keys=True, separators=(',',':'), ensure_ascii=False). */
    @Test
    void sortedFormOmitsNullAndEmptyMembersAndEscapesLikePython() {
        JsonArray actions = Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", "compose_up").addNull("b")
                .add("services", Json.createArrayBuilder()).add("note", "é\n\"x\"\u0001\\/\t").add("n", 5).add("t", true)
                .add("arr", Json.createArrayBuilder().add("z").add("a"))
                .add("obj", Json.createObjectBuilder().add("y", 1).addNull("x"))).build();
        assertEquals(Optional.of("a78982751675ad04269372264b2c222fe222d1ad5a1a875efa45e408c23139e5"),
                ActionsHash.compute(actions, ActionsHash.Canonicalisation.SORTED_KEYS));
    }

    @Test
    void legacyFormUsesTheStructOrderAndRefusesOtherKeys() {
        JsonArray actions = Json.createArrayBuilder().add(Json.createObjectBuilder().add("container", "k").add("services",
                Json.createArrayBuilder().add("s")).add("file_sha256", "00").add("file", "f").add("commit", "c").add("tag", "v1")
                .add("action", "compose_up").add("timestamp", "t")).build();
        assertEquals(Optional.of("1061fdd8e831cac331da4d1dcc09d8eaeb8f53be88acb0953332268abd08118d"),
                ActionsHash.compute(actions, ActionsHash.Canonicalisation.LEGACY_FIELD_ORDER));
        JsonArray withImage = Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", "compose_manager_started")
                .add("image", "x")).build();
        assertEquals(Optional.empty(), ActionsHash.compute(withImage, ActionsHash.Canonicalisation.LEGACY_FIELD_ORDER));
    }

    @Test
    void aChangedActionMatchesNoCanonicalisation() {
        ComposeManagerAttestation cm = cm(Captures.CLOUD_0629);
        JsonArray changed = Json.createArrayBuilder(cm.actionsJson())
                .set(0, Json.createObjectBuilder(cm.actionsJson().getJsonObject(0))
                .add("tag", "v9.9.9")).build();
        assertEquals(Optional.empty(), ActionsHash.matching(changed, cm.actionsHash()));
    }

    static ComposeManagerAttestation cm(String report) {
        String part = report.contains("direct") || report.contains("neardirect") ? NearSamples.DIRECT : NearSamples.MODEL;
        return NearSamples.cvm(report, part).composeManager().orElseThrow();
    }
}
