package dev.verifiedproxy.sigstore;

import java.security.PublicKey;
import java.util.Objects;

/** @param publicKey a bare signing key named by the entry */
public record SignerPublicKey(PublicKey publicKey) implements SignerMaterial {

    public SignerPublicKey {
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
