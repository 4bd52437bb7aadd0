package dev.verifiedproxy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The verification core runs without a container (architecture.md §1.6): it may use JSON-P and
 * JSON-B, which work standalone, but no JAX-RS, Servlet, CDI, injection or EE annotations. Only
 * the boundary (verify, proxy, ops, config, error and each feature's *.web package) knows it is
 * deployed.
 */
class ArchitectureTest {

    private static final Set<String> CORE = Set.of("quote", "dcap", "collateral", "gpu", "eventlog", "policy",
            "attestation", "verdict", "signature", "e2ee", "transport", "routing", "net", "chatcheck", "json", "sigstore");
    private static final List<String> CONTAINER_APIS = List.of("jakarta.ws.rs", "jakarta.servlet",
            "jakarta.enterprise", "jakarta.inject", "jakarta.annotation", "jakarta.ejb");

    @Test
    void corePackagesImportNoContainerApi() throws IOException {
        Path root = Path.of("src/main/java/dev/verifiedproxy");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() < 2 || !CORE.contains(relative.getName(0).toString())
                        || relative.toString().contains("/web/")) {
                    continue;
                }
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("import ") && CONTAINER_APIS.stream().anyMatch(api -> line.contains(" " + api + ".")
                            || line.contains("static " + api + "."))) {
                        violations.add(relative + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
