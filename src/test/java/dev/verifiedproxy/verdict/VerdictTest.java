package dev.verifiedproxy.verdict;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {

    private enum TestReason implements Reason {
        BROKEN;

        @Override
        public String message() {
            return "It broke.";
        }
    }

    private static final Instant AT = Instant.ofEpochSecond(1_782_698_817L);

    @Test
    void checkJsonIsExactlyNameOkDetail() {
        JsonObject json = Check.fail("rtmr3_replay", TestReason.BROKEN, "replayed ab, quote cd").toJson();
        assertEquals(List.of("name", "ok", "detail"), List.copyOf(json.keySet()));
        assertEquals("rtmr3_replay", json.getString("name"));
        assertFalse(json.getBoolean("ok"));
        assertEquals("broken: It broke. replayed ab, quote cd", json.getString("detail"));
    }

    @Test
    void warnedAndNotPinnedAreAcceptableButSaySo() {
        Check warned = Check.fail("mr_seam", TestReason.BROKEN, "x").warnedIfFailed();
        assertEquals(Outcome.WARNED, warned.outcome());
        assertTrue(warned.ok());
        assertEquals(TestReason.BROKEN, warned.reason());
        assertTrue(warned.displayDetail().startsWith("warning, not enforced by policy (broken)"));
        Check notPinned = Check.notPinned("boot_measurements", "observed mrtd f06d");
        assertTrue(notPinned.ok());
        assertEquals("not pinned by policy: observed mrtd f06d", notPinned.toJson().getString("detail"));
        assertEquals(Outcome.PASS, Check.pass("a", "b").warnedIfFailed().outcome());
    }

    @Test
    void reasonsAreRequiredExactlyForFailures() {
        assertThrows(IllegalArgumentException.class, () -> new Check("a", Outcome.FAIL, "d", null));
        assertThrows(IllegalArgumentException.class, () -> new Check("a", Outcome.PASS, "d", TestReason.BROKEN));
        assertThrows(IllegalArgumentException.class, () -> Check.pass("Not Snake", "d"));
    }

    @Test
    void verifiedOnlyWhenEveryComponentPassesEveryCheck() {
        Component good = new Component(Role.GATEWAY, Optional.of("0xab"), List.of(Check.pass("a", "ok"),
                Check.notPinned("b", "observed")));
        Component bad = new Component(Role.MODEL, Optional.empty(), List.of(Check.pass("a", "ok"),
                Check.fail("c", TestReason.BROKEN, "no")));
        assertTrue(Verdict.of(List.of(good), "sha256:00", AT).verified());
        assertFalse(Verdict.of(List.of(good, bad), "sha256:00", AT).verified());
        assertEquals(List.of("c"), bad.failures().stream().map(Check::name).toList());
    }

    @Test
    void nothingVerifiedIsNotVerified() {
        assertFalse(Verdict.of(List.of(), "sha256:00", AT).verified());
        assertFalse(Verdict.of(List.of(new Component(Role.MODEL, Optional.empty(), List.of())), "sha256:00", AT).verified());
        assertThrows(IllegalArgumentException.class, () -> new Verdict(true, List.of(), "sha256:00", AT));
    }

    @Test
    void verdictJsonFollowsTheContract() {
        JsonObject json = Verdict.of(List.of(new Component(Role.COMPOSE_MANAGER, Optional.empty(),
                List.of(Check.pass("actions_hash", "ok")))), "sha256:abc", AT).toJson();
        assertEquals(List.of("verified", "components", "policyDigest", "at"), List.copyOf(json.keySet()));
        assertTrue(json.getBoolean("verified"));
        assertEquals(1_782_698_817L, json.getJsonNumber("at").longValue());
        JsonObject component = json.getJsonArray("components").getJsonObject(0);
        assertEquals(List.of("role", "signingAddress", "checks"), List.copyOf(component.keySet()));
        assertEquals("composeManager", component.getString("role"));
        assertTrue(component.isNull("signingAddress"));
    }
}
