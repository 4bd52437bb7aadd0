package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Objects;

/**
 * {@code app.compose}: how the application's compose is accepted.
 *
 * @param mode        {@link Mode#PINNED}: SHA-256(app_compose) must be listed; {@link Mode#PROVENANCE}: every
 *                    image must be digest-pinned and allowed by an {@code images} rule
 * @param allowHashes accepted compose hashes (pinned mode)
 */
public record ComposeRule(Mode mode, List<String> allowHashes) {

    public enum Mode {
        PINNED,
        PROVENANCE
    }

    public ComposeRule {
        Objects.requireNonNull(mode, "mode");
        allowHashes = List.copyOf(allowHashes);
    }
}
