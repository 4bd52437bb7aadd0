package dev.verifiedproxy.sigstore;

import java.util.Locale;

/** The named checks of a Rekor v1 log entry verification, in the order they run (measurements.md §4.2). */
public enum RekorCheckName {

    /** The Rekor response parses into entries within the size limits. */
    ENTRY_FORMAT,
    /** The entry's UUID ends with the RFC 6962 leaf hash of its body (the UUID is what the index search returned). */
    ENTRY_UUID,
    /** The integrated time is not after the evaluation instant. */
    INTEGRATED_TIME,
    /** {@code logID} names a log key of the trusted root that was valid at the integrated time. */
    LOG_KEY,
    /** The signed entry timestamp verifies with that key over the canonical JSON of body, integratedTime, logID, logIndex. */
    SIGNED_ENTRY_TIMESTAMP,
    /** The RFC 6962 audit path leads from the body's leaf hash to the proof's root hash. */
    INCLUSION_PROOF,
    /** The checkpoint is a signed note carrying a valid signature by the same log key. */
    CHECKPOINT_SIGNATURE,
    /** The checkpoint's tree size and root hash are the proof's. */
    CHECKPOINT_CONSISTENCY,
    /** The body decodes as a supported kind (hashedrekord, dsse, intoto 0.0.1) with its signer keys. */
    ENTRY_BODY,
    /** Each signing certificate chains to a Fulcio CA of the trusted root, valid at the integrated time, for code signing. */
    SIGNER_CERTIFICATE,
    /** Each signing certificate's identity (SAN, OIDC issuer, repository extensions) decodes unambiguously. */
    SIGNER_IDENTITY;

    /** The stable name used in verdicts, e.g. {@code rekor_checkpoint_signature}. */
    public String verdictName() {
        return "rekor_" + name().toLowerCase(Locale.ROOT);
    }
}
