package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.verdict.Reason;

/**
 * Why a Rekor check failed: one constant per condition, each belonging to exactly one {@link RekorCheckName}.
 * Tests and callers match on these, never on message text.
 */
public enum RekorFailure implements Reason {

    ENTRY_MALFORMED(RekorCheckName.ENTRY_FORMAT, "the Rekor response is not a well-formed log entry"),

    UUID_MISMATCH(RekorCheckName.ENTRY_UUID, "the entry's UUID does not name the leaf hash of its body"),

    INTEGRATED_TIME_IN_FUTURE(RekorCheckName.INTEGRATED_TIME, "the entry is integrated after the evaluation instant"),

    LOG_KEY_UNKNOWN(RekorCheckName.LOG_KEY, "the entry's logID names no transparency log of the trusted root"),
    LOG_KEY_NOT_VALID_AT_INTEGRATED_TIME(RekorCheckName.LOG_KEY,
            "the log key named by logID was not valid at the entry's integrated time"),

    SET_MISSING(RekorCheckName.SIGNED_ENTRY_TIMESTAMP, "the entry carries no signed entry timestamp"),
    SET_SIGNATURE_INVALID(RekorCheckName.SIGNED_ENTRY_TIMESTAMP,
            "the signed entry timestamp does not verify with the log key"),

    INCLUSION_PROOF_MISSING(RekorCheckName.INCLUSION_PROOF, "the entry carries no inclusion proof"),
    INCLUSION_PROOF_MALFORMED(RekorCheckName.INCLUSION_PROOF,
            "the inclusion proof's index, tree size and number of hashes do not fit together"),
    INCLUSION_PROOF_INVALID(RekorCheckName.INCLUSION_PROOF,
            "the inclusion proof does not lead from the body's leaf hash to the root hash"),

    CHECKPOINT_MALFORMED(RekorCheckName.CHECKPOINT_SIGNATURE, "the checkpoint is not a well-formed signed note"),
    CHECKPOINT_NOT_SIGNED_BY_LOG(RekorCheckName.CHECKPOINT_SIGNATURE,
            "the checkpoint has no signature line with the log key's hint"),
    CHECKPOINT_SIGNATURE_INVALID(RekorCheckName.CHECKPOINT_SIGNATURE,
            "the checkpoint signature does not verify with the log key"),

    CHECKPOINT_MISMATCH(RekorCheckName.CHECKPOINT_CONSISTENCY,
            "the checkpoint's tree size or root hash differs from the inclusion proof's"),

    BODY_MALFORMED(RekorCheckName.ENTRY_BODY, "the entry body is not a well-formed Rekor entry"),
    BODY_KIND_UNSUPPORTED(RekorCheckName.ENTRY_BODY, "the entry body's kind, version or hash algorithm is not supported"),

    CERT_CHAIN_UNTRUSTED(RekorCheckName.SIGNER_CERTIFICATE,
            "the signing certificate does not chain to a Fulcio CA of the trusted root"),
    CERT_NOT_VALID_AT_INTEGRATED_TIME(RekorCheckName.SIGNER_CERTIFICATE,
            "a certificate of the signing chain was not valid at the entry's integrated time"),
    FULCIO_CA_NOT_VALID_AT_INTEGRATED_TIME(RekorCheckName.SIGNER_CERTIFICATE,
            "the Fulcio CA that issued the signing certificate was not trusted at the entry's integrated time"),
    CERT_NOT_FOR_CODE_SIGNING(RekorCheckName.SIGNER_CERTIFICATE,
            "the signing certificate is not issued for code signing"),

    IDENTITY_MALFORMED(RekorCheckName.SIGNER_IDENTITY,
            "the signing certificate's SAN or Fulcio extensions cannot be decoded"),
    IDENTITY_ISSUER_CONFLICT(RekorCheckName.SIGNER_IDENTITY,
            "the signing certificate names two different OIDC issuers (extensions .1 and .8)");

    private final RekorCheckName check;
    private final String summary;

    RekorFailure(RekorCheckName check, String summary) {
        this.check = check;
        this.summary = summary;
    }

    /** The check this failure belongs to. */
    public RekorCheckName check() {
        return check;
    }

    /** One sentence saying what went wrong, without the observed values. */
    @Override
    public String message() {
        return summary;
    }
}
