package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Reason;

/** Why untrusted attestation JSON (a report, an event log, an info object) could not be read. */
public enum FormatFailure implements Reason {
    NOT_JSON("The text is not valid JSON."),
    TOO_LARGE("The input exceeds its size limit."),
    UNKNOWN_SHAPE("The report is neither the gateway nor the direct shape."),
    MISSING_FIELD("A required field is absent or null."),
    UNKNOWN_FIELD("A field this format does not define (our own formats are strict, so a typo cannot drop a value)."),
    WRONG_TYPE("A field has the wrong JSON type."),
    BAD_HEX("A field is not hex of the expected length."),
    OUT_OF_RANGE("A number is outside its allowed range."),
    TOO_MANY_ENTRIES("An array has more entries than allowed."),
    STRING_TOO_LONG("A string exceeds its length limit."),
    UNSUPPORTED_VALUE("A field has a value this verifier does not support."),
    UNSUPPORTED_VERSION("The event-log entry version is not supported (only dstack event-log v1 is)."),
    RUNTIME_EVENT_OUTSIDE_RTMR3("A dstack runtime event is recorded for a register other than RTMR3.");

    private final String message;

    FormatFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
