package dev.verifiedproxy.chatcheck;

import java.util.Locale;

/** Where the signature check of one chat answer stands. */
public enum ChatCheckStatus {
    /** Accepted for checking; the signature has not been judged yet. */
    PENDING,
    /** The attested signer signed exactly the request and answer bytes the proxy relayed, for the attested model. */
    VALID,
    /** The signature was obtained and does not vouch for the exchange (wrong signer, bytes, model or document). */
    INVALID,
    /** The proxy could not decide: no signature could be obtained, or the check did not run. */
    UNVERIFIED;

    /** The name in JSON: lower case. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
