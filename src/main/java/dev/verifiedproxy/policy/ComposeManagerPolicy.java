package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code composeManager} (model role): compose-manager's attestation is the only hardware-bound
 * record of which model server and proxy run (measurements.md §3.4).
 *
 * @param required   the attestation must be present and bound (its binding checks are enforced)
 * @param mode       enforce or warn, for the file and image allow-lists
 * @param sourceRepo the repository the files come from (documentation; not fetched)
 * @param allowFiles accepted deployed file versions; empty = not pinned
 * @param image      rule for the running compose-manager image; empty = not pinned
 */
public record ComposeManagerPolicy(boolean required, PolicyMode mode, Optional<String> sourceRepo,
                                   Optional<List<AllowedFile>> allowFiles, Optional<ImageRule> image) {

    /** For roles without compose-manager (the gateway). */
    public static final ComposeManagerPolicy NOT_APPLICABLE = new ComposeManagerPolicy(false, PolicyMode.ENFORCE,
            Optional.empty(), Optional.empty(), Optional.empty());

    public ComposeManagerPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sourceRepo, "sourceRepo");
        allowFiles = allowFiles.map(List::copyOf);
        Objects.requireNonNull(image, "image");
    }
}
