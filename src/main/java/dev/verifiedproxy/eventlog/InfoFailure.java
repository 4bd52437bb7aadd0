package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Reason;

/** Why a claimed {@code info} / {@code tcb_info} value disagrees with the quote or the replayed events (§1.6 items 4-7). */
public enum InfoFailure implements Reason {
    CLAIM_MISSING("The report does not carry this info field."),
    EVENT_MISSING("The event log has no boot event to compare this info field with."),
    CLAIM_MISMATCH("The info field differs from the value bound by the quote or the replayed event log."),
    EVENT_LOG_COPY_MISMATCH("tcb_info.event_log differs from the event_log next to the quote.");

    private final String message;

    InfoFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
