package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Reason;

/** Why {@code app_compose} is not bound to the quote (measurements.md §1.6 items 1-3). */
public enum ComposeFailure implements Reason {
    APP_COMPOSE_MISSING("The report has no tcb_info.app_compose to bind."),
    COMPOSE_EVENT_MISSING("The event log has no compose-hash event before system-ready."),
    COMPOSE_EVENT_MISMATCH("SHA-256 of the exact app_compose text differs from the compose-hash event."),
    CLAIM_MISSING("A compose_hash field the report should carry is absent."),
    CLAIM_MISMATCH("A compose_hash field differs from SHA-256 of the exact app_compose text."),
    MR_CONFIG_ID_ZERO("MR_CONFIG_ID is all zero: the image does not bind its compose to the quote."),
    MR_CONFIG_ID_UNSUPPORTED_VERSION("MR_CONFIG_ID uses a layout other than version 1 (compose hash only)."),
    MR_CONFIG_ID_MISMATCH("MR_CONFIG_ID is not 01 ‖ SHA-256(app_compose) ‖ 15 zero bytes.");

    private final String message;

    ComposeFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
