package dev.verifiedproxy.sigstore;

import java.util.List;
import java.util.Objects;

/**
 * {@code hashedrekord/0.0.1}: a signature over an artifact identified by its digest (cosign's image
 * signatures sign a payload that names the image; blob signatures sign the blob).
 *
 * @param artifactDigest {@code spec.data.hash}: SHA-256 of the signed artifact
 * @param signature      {@code spec.signature}
 */
public record HashedRekordBody(Sha256Digest artifactDigest, EntrySignature signature) implements EntryBody {

    public HashedRekordBody {
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public String kind() {
        return "hashedrekord/0.0.1";
    }

    @Override
    public List<SignerMaterial> signers() {
        return List.of(signature.signer());
    }
}
