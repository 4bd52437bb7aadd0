package dev.verifiedproxy.attestation;

import dev.verifiedproxy.verdict.Reason;

/**
 * Why a report does not attest the model it was asked for (protocol.md §4 step 8). A gateway report attests
 * only the model named in its request, and a model CVM's {@code model_name} is what it says it serves; an
 * attestation of another model, or of none, proves nothing about the model a request goes to.
 */
public enum ModelBindingFailure implements Reason {
    MODEL_NAME_MISSING("The model attestation reports no model_name, so it cannot attest the model asked for."),
    MODEL_NAME_MISMATCH("model_name is not the model the report was asked for."),
    MODEL_ATTESTATION_MISSING("The gateway's report carries no model attestation for the model it was asked for.");

    private final String message;

    ModelBindingFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
