package dev.verifiedproxy.attestation;

import java.util.List;
import java.util.Objects;

/**
 * The direct shape ({@code *.completions.near.ai}): one flat model attestation, repeated in
 * {@code all_attestations} (a legacy aggregation field).
 *
 * @param model           the top-level attestation
 * @param allAttestations the entries of {@code all_attestations}, empty when absent
 */
public record DirectReport(CvmAttestation model, List<CvmAttestation> allAttestations) implements NearReport {

    public DirectReport {
        Objects.requireNonNull(model, "model");
        allAttestations = List.copyOf(allAttestations);
    }

    @Override
    public List<CvmAttestation> models() {
        return List.of(model);
    }
}
