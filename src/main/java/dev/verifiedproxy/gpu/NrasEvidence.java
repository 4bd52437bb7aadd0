package dev.verifiedproxy.gpu;

import java.util.Objects;

/**
 * What a GPU verdict that consulted NRAS rests on, as an evidence bundle stores it
 * (architecture.md §4, {@code "nras": {"responses": [...], "jwks": {...}}}).
 *
 * @param response the NRAS answer, exactly as received (a JSON array)
 * @param jwks     the NRAS key set used to check it, exactly as fetched (a JSON object); null when
 *                 verification stopped before a key set was needed
 */
public record NrasEvidence(String response, String jwks) {

    public NrasEvidence {
        Objects.requireNonNull(response, "response");
    }
}
