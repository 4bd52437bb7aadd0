package dev.verifiedproxy.policy;

import java.util.Objects;

/**
 * One validation problem of a policy file.
 *
 * @param path    JSON path of the offending value, e.g. {@code $.profiles.near-model.boot.allow[0].mrtd}
 * @param kind    what is wrong
 * @param message what was expected
 */
public record PolicyError(String path, PolicyErrorKind kind, String message) {

    public PolicyError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
