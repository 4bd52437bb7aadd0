package dev.verifiedproxy.chatcheck;

import java.util.Locale;

/** Why a chat answer's signature check did not end VALID: one named reason each (architecture.md §8). */
public enum ChatCheckFailure {
    /** The signature is not the attested signer's over the text, or the text's hashes are not those of the relayed bytes. */
    SIGNATURE_INVALID(ChatCheckStatus.INVALID, "the signature does not vouch for the relayed request and answer"),
    /** NEAR's signature JSON is not what protocol.md §6.1 describes. */
    MALFORMED_SIGNATURE(ChatCheckStatus.INVALID, "the signature document is malformed"),
    /** NEAR answered 200 without a signature (e.g. SIGNATURE_UNSUPPORTED: not served by an attested TEE). */
    NO_SIGNATURE(ChatCheckStatus.INVALID, "NEAR has no signature for this answer"),
    /** The document is of another algorithm than the one requested and attested. */
    ALGORITHM_MISMATCH(ChatCheckStatus.INVALID, "the signature is of another algorithm than the attested one"),
    /** The attestation of the backend names no signer of this kind (model, or gateway for gateway-signed texts). */
    SIGNER_NOT_ATTESTED(ChatCheckStatus.INVALID, "the backend's attestation names no signer to check this signature against"),
    /** The signed text names a model, the attestation none. */
    MODEL_NOT_ATTESTED(ChatCheckStatus.INVALID, "the signed text names a model but the attestation names none"),
    /** The signed text names another model than the attestation. */
    MODEL_MISMATCH(ChatCheckStatus.INVALID, "the signed text names another model than the attestation"),
    /** Every try answered 404: expired, never stored, or not reachable on the CVM that answered. */
    SIGNATURE_NOT_FOUND(ChatCheckStatus.UNVERIFIED, "the backend has no signature for this answer (404 on every try)"),
    /** The signature request failed (connection, CVM not reached, unexpected status, oversized). */
    FETCH_FAILED(ChatCheckStatus.UNVERIFIED, "the signature could not be fetched"),
    /** The answer did not complete (broken off, client gone): NEAR keeps no signature for it. */
    RESPONSE_INCOMPLETE(ChatCheckStatus.UNVERIFIED, "the answer did not complete, so it has no signature"),
    /** Too many checks in progress: this one was not queued. */
    OVERLOADED(ChatCheckStatus.UNVERIFIED, "not checked: overloaded"),
    /** The proxy is stopping. */
    SHUTTING_DOWN(ChatCheckStatus.UNVERIFIED, "not checked: the proxy is shutting down");

    private final ChatCheckStatus status;
    private final String message;

    ChatCheckFailure(ChatCheckStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    /** INVALID or UNVERIFIED. */
    public ChatCheckStatus status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** The name clients see in JSON: lower snake case, e.g. {@code model_mismatch}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
