package dev.verifiedproxy.sigstore;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Does a verified log entry cover an image digest? A Rekor index search by digest returns whatever entries
 * anyone logged under it (measurements.md §4.1: an unrelated attestation comes back for {@code alpine}), so
 * the binding is established from the verified content, never from the search:
 *
 * <ul>
 *   <li>{@code hashedrekord}: the logged artifact digest is the digest, and the logged signature verifies
 *       over it with the signer's key;</li>
 *   <li>{@code dsse} and {@code intoto}: the log keeps only hashes, so the DSSE envelope (from a Sigstore
 *       bundle) is required: its payload must hash to the logged payload hash, the signatures must verify over
 *       its pre-authentication encoding (dsse: every signature the log recorded; intoto, which records only the
 *       key: one of the envelope's), and the in-toto statement must list the digest as a subject.</li>
 * </ul>
 *
 * A cosign image signature is a hashedrekord over cosign's "simple signing" payload, not over the image: it
 * does not cover the image digest here; binding it would need that payload, like the envelope above.
 *
 * Which signer identity is acceptable for which repository stays a policy decision over
 * {@link RekorResult#signers()}.
 */
public final class ArtifactBinding {

    private ArtifactBinding() {
    }

    /**
     * @param result   a Rekor verification result; an unverified one never covers anything
     * @param artifact the digest, e.g. an image's {@code sha256:…}
     * @param envelope the DSSE envelope logged by a {@code dsse} or {@code intoto} entry, when available
     */
    public static ArtifactMatch match(RekorResult result, Sha256Digest artifact, Optional<DsseEnvelope> envelope) {
        if (!result.verified() || result.body().isEmpty()) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.ENTRY_NOT_VERIFIED, List.of(),
                    "failures " + result.failures());
        }
        EntryBody body = result.body().get();
        if (body instanceof HashedRekordBody rekord) {
            return hashedRekord(rekord, artifact);
        }
        if (envelope.isEmpty()) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.ENVELOPE_REQUIRED, List.of(),
                    body.kind() + " entry logs payload hash " + payloadHash(body).hex() + " only");
        }
        return inToto(body, envelope.get(), artifact);
    }

    private static ArtifactMatch hashedRekord(HashedRekordBody body, Sha256Digest artifact) {
        List<Sha256Digest> subjects = List.of(body.artifactDigest());
        if (!body.artifactDigest().equals(artifact)) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.NOT_COVERED, subjects,
                    "the entry signs " + body.artifactDigest());
        }
        if (!ArtifactSignatures.overSha256(body.signature().signer().publicKey(), artifact,
                body.signature().signatureBytes())) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.SIGNATURE_INVALID, subjects,
                    "hashedrekord signature over " + artifact);
        }
        return new ArtifactMatch(artifact, true, null, subjects, "hashedrekord signature over " + artifact);
    }

    private static ArtifactMatch inToto(EntryBody body, DsseEnvelope envelope, Sha256Digest artifact) {
        if (!envelope.payloadType().equals(InTotoStatement.PAYLOAD_TYPE)) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.PAYLOAD_TYPE_UNSUPPORTED, List.of(),
                    "payload type " + envelope.payloadType());
        }
        byte[] payload = envelope.payloadBytes();
        Sha256Digest logged = payloadHash(body);
        if (!logged.sameAs(Sha256Digest.sha256().digest(payload))) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.PAYLOAD_HASH_MISMATCH, List.of(),
                    "the entry logged payload " + logged + ", the envelope carries " + Sha256Digest.hash(payload));
        }
        if (!signaturesVerify(body, envelope)) {
            return ArtifactMatch.failed(artifact, ArtifactFailure.SIGNATURE_INVALID, List.of(),
                    body.kind() + " signature over the envelope's pre-authentication encoding");
        }
        InTotoStatement statement;
        try {
            statement = InTotoStatement.parse(payload);
        } catch (ArtifactFormatException e) {
            return ArtifactMatch.failed(artifact, e.reason(), List.of(), e.getMessage());
        }
        List<Sha256Digest> subjects = statement.subjects().stream().flatMap(s -> s.sha256().stream()).toList();
        return statement.covers(artifact)
                ? new ArtifactMatch(artifact, true, null, subjects, statement.predicateType() + " statement names "
                        + artifact)
                : ArtifactMatch.failed(artifact, ArtifactFailure.NOT_COVERED, subjects,
                        "the statement's subjects are " + subjects);
    }

    /**
     * dsse logs each signature with its verifier, bound by the SET: every one must verify over the envelope.
     * intoto 0.0.1 logs only the verifier: one of the envelope's own signatures must verify with it.
     */
    private static boolean signaturesVerify(EntryBody body, DsseEnvelope envelope) {
        byte[] pae = envelope.preAuthenticationEncoding();
        if (body instanceof DsseBody dsse) {
            return dsse.signatures().stream().allMatch(s ->
                    ArtifactSignatures.overMessage(s.signer().publicKey(), pae, s.signatureBytes()));
        }
        IntotoBody intoto = (IntotoBody) body;
        return envelope.signatures().stream().anyMatch(s ->
                ArtifactSignatures.overMessage(intoto.signer().publicKey(), pae, Base64.getDecoder().decode(s)));
    }

    private static Sha256Digest payloadHash(EntryBody body) {
        if (body instanceof DsseBody dsse) {
            return dsse.payloadHash();
        }
        if (body instanceof IntotoBody intoto) {
            return intoto.payloadHash();
        }
        return ((HashedRekordBody) body).artifactDigest();
    }
}
