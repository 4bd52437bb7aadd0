package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.verdict.Reason;

/** Why a log entry could not be shown to cover an artifact digest. */
public enum ArtifactFailure implements Reason {

    ENTRY_NOT_VERIFIED("the log entry itself is not verified"),
    ENVELOPE_REQUIRED("the entry logs only hashes of its statement; the DSSE envelope is needed to read its subjects"),
    ENVELOPE_MALFORMED("the DSSE envelope is not well formed"),
    PAYLOAD_TYPE_UNSUPPORTED("the DSSE payload is not an in-toto statement"),
    PAYLOAD_HASH_MISMATCH("the envelope's payload is not the one the entry logged"),
    SIGNATURE_INVALID("a logged signature does not verify over the envelope or artifact with its signer's key"),
    STATEMENT_MALFORMED("the payload is not a well-formed in-toto statement with subjects"),
    NOT_COVERED("the entry is about other artifacts");

    private final String summary;

    ArtifactFailure(String summary) {
        this.summary = summary;
    }

    @Override
    public String message() {
        return summary;
    }
}
