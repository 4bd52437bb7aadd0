package dev.verifiedproxy.policy;

import java.util.Objects;

/**
 * A compose file version compose-manager may have deployed (nearai/cvm-compose-files).
 *
 * @param commit git commit, 40 hex
 * @param file   path in the repository
 * @param sha256 SHA-256 of the file at that commit
 */
public record AllowedFile(String commit, String file, String sha256) {

    public AllowedFile {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}
