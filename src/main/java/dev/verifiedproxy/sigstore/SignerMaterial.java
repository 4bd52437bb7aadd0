package dev.verifiedproxy.sigstore;

import java.security.PublicKey;

/**
 * What an entry names as the verifier of a signature: a certificate (normally Fulcio-issued) or a bare
 * public key (a long-lived signing key, trusted only if a policy pins its fingerprint).
 */
public sealed interface SignerMaterial permits SignerCertificate, SignerPublicKey {

    PublicKey publicKey();

    /** SHA-256 of the key's DER SubjectPublicKeyInfo: the fingerprint policies pin keys by. */
    default Sha256Digest publicKeySha256() {
        return Sha256Digest.hash(publicKey().getEncoded());
    }
}
