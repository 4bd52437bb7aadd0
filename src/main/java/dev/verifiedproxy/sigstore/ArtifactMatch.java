package dev.verifiedproxy.sigstore;

import java.util.List;
import java.util.Objects;

/**
 * Whether a verified entry covers an artifact digest.
 *
 * @param artifact the digest asked about
 * @param covered  true only if the entry is verified, its signatures verify over what it logged, and the
 *                 digest is that content's artifact (hashedrekord) or one of its subjects (in-toto)
 * @param failure  why not; null exactly when covered
 * @param subjects the digests the entry was found to be about (empty when that could not be established)
 * @param detail   what was observed, for people
 */
public record ArtifactMatch(Sha256Digest artifact, boolean covered, ArtifactFailure failure,
                           List<Sha256Digest> subjects, String detail) {

    public ArtifactMatch {
        Objects.requireNonNull(artifact, "artifact");
        subjects = List.copyOf(subjects);
        Objects.requireNonNull(detail, "detail");
        if (covered != (failure == null)) {
            throw new IllegalArgumentException("a match carries a failure exactly when it does not cover");
        }
    }

    static ArtifactMatch failed(Sha256Digest artifact, ArtifactFailure failure, List<Sha256Digest> subjects,
                                String detail) {
        return new ArtifactMatch(artifact, false, failure, subjects, detail);
    }
}
