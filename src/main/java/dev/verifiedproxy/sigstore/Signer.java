package dev.verifiedproxy.sigstore;

import java.util.Objects;
import java.util.Optional;

/** Who made one signature of an entry, and how far that is established. */
public sealed interface Signer permits Signer.Fulcio, Signer.Key, Signer.Untrusted {

    /** SHA-256 of the signing key's DER SubjectPublicKeyInfo. */
    Sha256Digest publicKeySha256();

    /**
     * A certificate issued by a Fulcio CA of the trusted root, valid for code signing at the integrated time:
     * its identity is established.
     *
     * @param identity    the certificate's identity
     * @param authority   the issuing CA's URI
     * @param publicKeySha256 fingerprint of the certificate's key
     */
    record Fulcio(CertificateIdentity identity, String authority, Sha256Digest publicKeySha256) implements Signer {

        public Fulcio {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(publicKeySha256, "publicKeySha256");
        }
    }

    /**
     * A bare public key: nothing is established beyond the key itself; a policy may pin its fingerprint.
     *
     * @param algorithm       the JCA key algorithm, e.g. {@code EC}
     * @param publicKeySha256 fingerprint of the key
     */
    record Key(String algorithm, Sha256Digest publicKeySha256) implements Signer {

        public Key {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(publicKeySha256, "publicKeySha256");
        }
    }

    /**
     * A certificate that is not trusted (another CA, outside its validity, ...): what it claims is kept for
     * diagnostics and must not be relied on.
     *
     * @param claimed         the identity the certificate claims, when it could be read
     * @param reason          why it is not trusted
     * @param publicKeySha256 fingerprint of the certificate's key
     */
    record Untrusted(Optional<CertificateIdentity> claimed, RekorFailure reason, Sha256Digest publicKeySha256)
            implements Signer {

        public Untrusted {
            Objects.requireNonNull(claimed, "claimed");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(publicKeySha256, "publicKeySha256");
        }
    }
}
