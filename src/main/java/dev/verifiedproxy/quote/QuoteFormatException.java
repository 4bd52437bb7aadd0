package dev.verifiedproxy.quote;

/** The only exception {@link QuoteParser} throws: the bytes are not an acceptable quote, and why. */
public final class QuoteFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final QuoteFormatProblem problem;

    public QuoteFormatException(QuoteFormatProblem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public QuoteFormatProblem problem() {
        return problem;
    }
}
