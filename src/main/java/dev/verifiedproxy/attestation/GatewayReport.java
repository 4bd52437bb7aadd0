package dev.verifiedproxy.attestation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway shape (cloud-api.near.ai): the gateway CVM's own attestation plus the model
 * attestations it fetched from backends (each without {@code all_attestations}).
 *
 * @param gateway        {@code gateway_attestation}
 * @param models         {@code model_attestations}; empty when no model was asked for
 * @param tlsCertificate the gateway's certificate chain (PEM) in TLS mode
 */
public record GatewayReport(CvmAttestation gateway, List<CvmAttestation> models, Optional<String> tlsCertificate)
        implements NearReport {

    public GatewayReport {
        Objects.requireNonNull(gateway, "gateway");
        models = List.copyOf(models);
        Objects.requireNonNull(tlsCertificate, "tlsCertificate");
    }
}
