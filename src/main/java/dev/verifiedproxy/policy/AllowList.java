package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Objects;

/**
 * A list of accepted values with its mode. Empty in enforce mode denies everything.
 *
 * @param mode   enforce or warn
 * @param values accepted values, lowercase hex or text
 */
public record AllowList(PolicyMode mode, List<String> values) {

    public AllowList {
        Objects.requireNonNull(mode, "mode");
        values = List.copyOf(values);
    }
}
