package dev.verifiedproxy.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md must document every configuration key, with its environment-variable form. */
class ReadmeDocumentsConfigTest {

    @Test
    void everyKeyIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertTrue(readme.contains("`" + key.name() + "`"), "README.md does not document " + key.name());
            assertTrue(readme.contains("`" + key.environmentName() + "`"),
                    "README.md does not give the environment variable " + key.environmentName());
        }
    }
}
