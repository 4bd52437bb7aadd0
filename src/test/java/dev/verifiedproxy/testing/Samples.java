package dev.verifiedproxy.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real captured data in {@code ../shared/samples} (Intel quotes and collateral, NEAR AI
 * reports, NVIDIA answers). Tests read it in place; it is never copied into the repository.
 * When the whole folder is absent the calling test is skipped with a message saying so; a
 * missing file inside a present folder is a failure.
 */
public final class Samples {

    private Samples() {
    }

    /** The samples folder: system property {@code samples.dir} (set by the pom), else {@code ../shared/samples}. */
    public static Path dir() {
        Path dir = Path.of(System.getProperty("samples.dir", "../shared/samples"));
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "shared sample data not found at " + dir.toAbsolutePath() + " (clone ../shared beside the project)");
        return dir;
    }

    public static Path path(String relative) {
        Path path = dir().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("sample " + relative + " is missing from " + dir().toAbsolutePath());
        }
        return path;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }
}
