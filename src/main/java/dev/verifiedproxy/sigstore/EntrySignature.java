package dev.verifiedproxy.sigstore;

import java.util.Base64;
import java.util.Objects;

/**
 * One signature recorded in an entry body with its verifier.
 *
 * @param signature base64 of the signature, as recorded
 * @param signer    the certificate or key that verifies it
 */
public record EntrySignature(String signature, SignerMaterial signer) {

    public EntrySignature {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(signer, "signer");
        Base64.getDecoder().decode(signature);
    }

    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }
}
