package dev.verifiedproxy.policy;

/** What is wrong at one place of a policy file. */
public enum PolicyErrorKind {
    NOT_JSON,
    TOO_LARGE,
    UNKNOWN_KEY,
    MISSING_KEY,
    WRONG_TYPE,
    BAD_HEX,
    BAD_VALUE,
    /** A feature of the design this implementation does not have; refused rather than ignored. */
    UNSUPPORTED,
    /** A combination of values that cannot be meant (e.g. a grace period for a status that is not allowed). */
    RULE
}
