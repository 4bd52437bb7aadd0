package dev.verifiedproxy.dcap;

import dev.verifiedproxy.quote.QuoteFormatProblem;

/** Internal: a failed check, carried from the step that found it to the {@link DcapResult}. */
final class DcapException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DcapFailure failure;
    private final transient CertificateProblem certificateProblem;
    private final QuoteFormatProblem formatProblem;

    DcapException(DcapFailure failure, String message) {
        this(failure, message, null, null);
    }

    DcapException(DcapFailure failure, String message, CertificateProblem certificateProblem,
                  QuoteFormatProblem formatProblem) {
        super(message, null, false, false);
        this.failure = failure;
        this.certificateProblem = certificateProblem;
        this.formatProblem = formatProblem;
    }

    DcapFailure failure() {
        return failure;
    }

    CertificateProblem certificateProblem() {
        return certificateProblem;
    }

    QuoteFormatProblem formatProblem() {
        return formatProblem;
    }
}
