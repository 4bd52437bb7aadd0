package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Reason;

/** Why the RTMR3 runtime events do not form a well-formed dstack boot sequence. */
public enum RuntimeEventFailure implements Reason {
    NO_SYSTEM_READY("The log has no system-ready event, so boot identity and later application events cannot be told apart."),
    UNKNOWN_BOOT_EVENT("An event before system-ready is not one dstack emits during boot."),
    DUPLICATE_EVENT("An identity event occurs more than once before system-ready."),
    OUT_OF_ORDER("Boot events are not in dstack's emission order."),
    BAD_PAYLOAD_SIZE("A boot event's payload has the wrong size."),
    BAD_KEY_PROVIDER("The key-provider payload is not a JSON object with string name and id."),
    IDENTITY_EVENT_AFTER_SYSTEM_READY("An event named like a dstack identity event was emitted after system-ready.");

    private final String message;

    RuntimeEventFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
