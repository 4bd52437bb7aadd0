package dev.verifiedproxy.verdict;

import java.util.Locale;

/**
 * Why a check failed: one constant of a per-verifier enum, so that tests and clients match on the
 * reason itself, never on the wording of a message.
 */
public interface Reason {

    /** The enum constant's name. */
    String name();

    /** A short, precise sentence for humans. */
    String message();

    /** The stable machine-readable code: the constant's name in lower case. */
    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
