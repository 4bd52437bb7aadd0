package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Reason;

/** Why replaying the event log does not reproduce the quote. */
public enum ReplayFailure implements Reason {
    RTMR_MISMATCH("Replaying the event log does not give the RTMR value in the quote."),
    RUNTIME_DIGEST_MISMATCH("A runtime event's supplied digest differs from the digest recomputed from its name and payload.");

    private final String message;

    ReplayFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
