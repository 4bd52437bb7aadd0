package dev.verifiedproxy.sigstore;

import java.util.List;
import java.util.Objects;

/**
 * {@code dsse/0.0.1}: a DSSE envelope (normally an in-toto statement). The log keeps only hashes of the
 * payload and the envelope, so which artifacts it is about can be established only with the envelope
 * itself ({@link ArtifactBinding}).
 *
 * @param payloadHash  SHA-256 of the DSSE payload
 * @param envelopeHash SHA-256 of the envelope as Rekor canonicalized it
 * @param signatures   the envelope's signatures with their verifiers
 */
public record DsseBody(Sha256Digest payloadHash, Sha256Digest envelopeHash, List<EntrySignature> signatures)
        implements EntryBody {

    public DsseBody {
        Objects.requireNonNull(payloadHash, "payloadHash");
        Objects.requireNonNull(envelopeHash, "envelopeHash");
        signatures = List.copyOf(signatures);
    }

    @Override
    public String kind() {
        return "dsse/0.0.1";
    }

    @Override
    public List<SignerMaterial> signers() {
        return signatures.stream().map(EntrySignature::signer).toList();
    }
}
