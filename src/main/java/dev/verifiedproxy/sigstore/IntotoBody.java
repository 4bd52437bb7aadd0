package dev.verifiedproxy.sigstore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code intoto/0.0.1}: an in-toto attestation in a DSSE envelope; the body keeps the verifier and hashes,
 * not the envelope's signature.
 *
 * @param payloadHash  SHA-256 of the statement (the DSSE payload)
 * @param envelopeHash SHA-256 of the envelope, when recorded
 * @param signer       {@code spec.publicKey}: the key or certificate that signed the envelope
 */
public record IntotoBody(Sha256Digest payloadHash, Optional<Sha256Digest> envelopeHash, SignerMaterial signer)
        implements EntryBody {

    public IntotoBody {
        Objects.requireNonNull(payloadHash, "payloadHash");
        Objects.requireNonNull(envelopeHash, "envelopeHash");
        Objects.requireNonNull(signer, "signer");
    }

    @Override
    public String kind() {
        return "intoto/0.0.1";
    }

    @Override
    public List<SignerMaterial> signers() {
        return List.of(signer);
    }
}
