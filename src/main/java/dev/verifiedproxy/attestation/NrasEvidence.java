package dev.verifiedproxy.attestation;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * NVIDIA's answers recorded for offline re-verification: each NRAS {@code /v3/attest/gpu} response
 * (the {@code [["JWT", eat], {"GPU-0": jwt, ..}]} array) and the NRAS JWKS they verify with.
 *
 * @param responses NRAS response bodies, as JSON
 * @param jwks      the JWKS object
 */
public record NrasEvidence(List<JsonValue> responses, JsonObject jwks) {

    public NrasEvidence {
        responses = List.copyOf(responses);
        Objects.requireNonNull(jwks, "jwks");
    }
}
