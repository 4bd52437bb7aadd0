package dev.verifiedproxy.proxy;

import java.util.Locale;

/** Response headers by which the proxy tells its client what was verified for this answer. */
public final class ProxyHeaders {

    static final String PREFIX = "X-Verified-Proxy-";
    static final String PREFIX_LOWER = PREFIX.toLowerCase(Locale.ROOT);

    /** The backend domain that served the answer. */
    public static final String BACKEND = PREFIX + "Backend";
    /** SHA-256 of the backend TLS key (SPKI) that was attested and carried the answer. */
    public static final String SPKI = PREFIX + "Spki";
    /** Intel TCB status of the backend platform. */
    public static final String TCB_STATUS = PREFIX + "Tcb-Status";
    /** When the backend's key was verified (ISO-8601). */
    public static final String VERIFIED_AT = PREFIX + "Verified-At";
    /** When that verification lapses (ISO-8601). */
    public static final String VERIFIED_UNTIL = PREFIX + "Verified-Until";
    /** The attested address or key that signs answers. */
    public static final String SIGNING_ADDRESS = PREFIX + "Signing-Address";
    /** The model name the attestation reports. */
    public static final String ATTESTED_MODEL = PREFIX + "Attested-Model";
    /** Identifier of the archived evidence bundle of the verification, when archived. */
    public static final String EVIDENCE = PREFIX + "Evidence";

    private ProxyHeaders() {
    }
}
