package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Reason;

/** Why compose-manager's attestation is not bound to the client's nonce and to the model CVM. */
public enum ComposeManagerFailure implements Reason {
    ACTIONS_HASH_MISMATCH("actions_hash is not SHA-256 of the actions under either known canonicalisation."),
    REPORT_DATA_ACTIONS_MISMATCH("The compose-manager quote's REPORT_DATA[0..32] is not actions_hash."),
    REPORT_DATA_NONCE_MISMATCH("The compose-manager quote's REPORT_DATA[32..64] is not the client nonce."),
    NONCE_FIELD_MISMATCH("The compose-manager attestation's nonce field is not the client nonce."),
    MEASUREMENT_MISMATCH("The compose-manager quote measures a different TD than the model quote."),
    DEVICE_MISMATCH("The compose-manager quote comes from a different platform than the model quote.");

    private final String message;

    ComposeManagerFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
