package dev.verifiedproxy.sigstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signer half of an entry's verification: decode the body, then for each signature decide who signed:
 * a Fulcio-certified identity, a bare key, or an untrusted certificate.
 */
final class SignerChecks {

    /** The decoded body, when it decoded, and one signer per signature. */
    record Outcome(Optional<EntryBody> body, List<Signer> signers) {
    }

    private final TrustedRoot root;

    SignerChecks(TrustedRoot root) {
        this.root = root;
    }

    Outcome run(RekorEntry entry, List<RekorCheck> checks) {
        EntryBody body;
        try {
            body = EntryBodyParser.parse(entry.bodyBytes());
        } catch (RekorFormatException e) {
            checks.add(e.toCheck());
            return new Outcome(Optional.empty(), List.of());
        }
        checks.add(RekorCheck.pass(RekorCheckName.ENTRY_BODY, body.kind() + " with " + body.signers().size()
                + " signature(s)"));
        List<Signer> signers = new ArrayList<>();
        for (SignerMaterial material : body.signers()) {
            signers.add(signer(material, entry.integratedInstant(), checks));
        }
        return new Outcome(Optional.of(body), signers);
    }

    private Signer signer(SignerMaterial material, Instant integrated, List<RekorCheck> checks) {
        Sha256Digest fingerprint = material.publicKeySha256();
        if (material instanceof SignerPublicKey key) {
            checks.add(RekorCheck.pass(RekorCheckName.SIGNER_CERTIFICATE, "public key " + fingerprint
                    + ": no certificate, established only if a policy pins this key"));
            return new Signer.Key(key.publicKey().getAlgorithm(), fingerprint);
        }
        SignerCertificate certificate = (SignerCertificate) material;
        FulcioChain.Outcome chain = FulcioChain.validate(certificate.certificate(), integrated,
                root.certificateAuthorities());
        Optional<CertificateIdentity> identity;
        RekorCheck identityCheck;
        try {
            identity = Optional.of(FulcioExtensions.read(certificate.certificate()));
            identityCheck = RekorCheck.pass(RekorCheckName.SIGNER_IDENTITY, (chain.authority().isPresent() ? ""
                    : "claimed by an untrusted certificate: ") + identity.get().describe());
        } catch (RekorFormatException e) {
            identity = Optional.empty();
            identityCheck = e.toCheck();
        }
        if (chain.authority().isEmpty()) {
            checks.add(RekorCheck.fail(chain.failure(), chain.detail()));
            checks.add(identityCheck);
            return new Signer.Untrusted(identity, chain.failure(), fingerprint);
        }
        checks.add(RekorCheck.pass(RekorCheckName.SIGNER_CERTIFICATE, chain.detail()));
        checks.add(identityCheck);
        if (identity.isPresent()) {
            return new Signer.Fulcio(identity.get(), chain.authority().get().uri(), fingerprint);
        }
        return new Signer.Untrusted(Optional.empty(), identityCheck.failure(), fingerprint);
    }
}
