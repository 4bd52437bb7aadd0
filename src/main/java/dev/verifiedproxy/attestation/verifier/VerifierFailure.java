package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.verdict.Reason;

/** Why the orchestration itself refused a report, before or around the individual verifiers' checks. */
public enum VerifierFailure implements Reason {
    QUOTE_UNREADABLE("The quote cannot be read as a TDX quote, so no measurement of it can be checked."),
    REPORT_SHAPE_UNEXPECTED("The report has the gateway shape where a model backend's was expected, or the reverse."),
    REPORT_NOT_JSON("The attestation report is not a JSON object.");

    private final String message;

    VerifierFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
