package dev.verifiedproxy.policy;

import java.util.List;
import java.util.Objects;

/**
 * {@code images.rules[]}: which digests of one repository are acceptable. Only the
 * {@code digest-allowlist} provenance type is implemented; Sigstore/Fulcio identities are refused
 * by the parser as unsupported.
 *
 * @param id         referenced by {@code composeManager.composeManagerImage.provenanceRule}
 * @param repository normalised repository, e.g. {@code nearaidev/compose-manager}
 * @param digests    accepted {@code sha256:<hex>} digests
 */
public record ImageRule(String id, String repository, List<String> digests) {

    public ImageRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(repository, "repository");
        digests = List.copyOf(digests);
    }
}
