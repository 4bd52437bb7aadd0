package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Component;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evidence archive keeps the newest bundles within its count and byte bounds. */
class EvidenceArchiveTest {

    private static Verification verification(int padding) {
        EvidenceBundle bundle = new EvidenceBundle(Json.createObjectBuilder().add("pad", "x".repeat(padding)).build(),
                new Nonce("00".repeat(32)), Instant.ofEpochSecond(1_750_000_000L), Optional.empty(), List.of(), Optional.empty());
        Verdict verdict = Verdict.of(List.of(new Component(Role.MODEL, Optional.empty(), List.of(Check.pass("x", "y")))),
                "sha256:00", bundle.at());
        return new Verification(verdict, bundle, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static int size(Verification v) {
        return v.evidence().toJson().toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void theOldestIsEvictedBeyondTheCount() {
        EvidenceArchive archive = new EvidenceArchive(2, 1 << 20);
        String first = archive.store(verification(1)).orElseThrow();
        String second = archive.store(verification(2)).orElseThrow();
        String third = archive.store(verification(3)).orElseThrow();
        assertFalse(archive.find(first).isPresent());
        assertTrue(archive.find(second).isPresent());
        assertTrue(archive.find(third).isPresent());
        assertEquals(2, archive.size());
        assertArrayEquals(verification(3).evidence().toJson().toString().getBytes(StandardCharsets.UTF_8),
                archive.find(third).orElseThrow().bundle());
        assertTrue(archive.find(third).orElseThrow().verified());
    }

    @Test
    void theOldestAreEvictedBeyondTheBytes() {
        int one = size(verification(1000));
        EvidenceArchive archive = new EvidenceArchive(100, 2L * one + 10);
        String first = archive.store(verification(1000)).orElseThrow();
        String second = archive.store(verification(1000)).orElseThrow();
        assertEquals(2L * one, archive.bytes());
        String third = archive.store(verification(1000)).orElseThrow();
        assertFalse(archive.find(first).isPresent());
        assertTrue(archive.find(second).isPresent() && archive.find(third).isPresent());
        assertEquals(2L * one, archive.bytes());
    }

    @Test
    void aBundleLargerThanTheWholeArchiveIsNotKept() {
        EvidenceArchive archive = new EvidenceArchive(10, size(verification(1)) + 50L);
        String small = archive.store(verification(1)).orElseThrow();
        assertEquals(Optional.empty(), archive.store(verification(500)));
        assertTrue(archive.find(small).isPresent(), "nothing was evicted for it");
    }

    @Test
    void idsAreRandomHexAndUnknownIdsAreAbsent() {
        EvidenceArchive archive = new EvidenceArchive(10, 1 << 20);
        String id = archive.store(verification(1)).orElseThrow();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertFalse(archive.store(verification(1)).orElseThrow().equals(id));
        assertEquals(Optional.empty(), archive.find("00".repeat(16)));
        assertThrows(IllegalArgumentException.class, () -> new EvidenceArchive(0, 1));
    }
}
