package dev.verifiedproxy.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyLoaderTest {

    @Test
    void withoutAFileTheDefaultPolicyApplies() throws PolicyValidationException {
        assertEquals(PolicyLoader.defaultPolicy(), PolicyLoader.load(Optional.empty()));
    }

    @Test
    void aFileIsReadAndNamedAsItsSource(@TempDir Path dir) throws IOException, PolicyValidationException {
        Path file = dir.resolve("policy.json");
        Files.write(file, PolicyFiles.bytes(PolicyFiles.withModel(PolicyFiles.modelProfile()).build()));
        AttestationPolicy policy = PolicyLoader.load(Optional.of(file));
        assertEquals(file.toString(), policy.source());
        assertEquals(PolicyParser.digest(Files.readAllBytes(file)), policy.digest());
    }

    @Test
    void unreadableAndOversizedFilesAreInvalid(@TempDir Path dir) throws IOException {
        assertEquals(PolicyErrorKind.NOT_JSON, assertThrows(PolicyValidationException.class,
                () -> PolicyLoader.load(dir.resolve("missing.json"))).errors().get(0).kind());
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[PolicyParser.MAX_BYTES + 1]);
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyLoader.load(big));
        assertEquals(PolicyErrorKind.TOO_LARGE, e.errors().get(0).kind());
        assertTrue(e.getMessage().contains(big.toString()));
    }
}
