package dev.verifiedproxy.proxy;

import java.util.Locale;

/**
 * Headers by which the proxy tells its client what was verified for an answer, and by which a
 * client asks for the proxy's per-request options. None of them is ever forwarded upstream.
 */
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
    /**
     * Request: {@code on}, {@code v1}, {@code v2} or {@code off}, the client's choice of E2EE by the proxy.
     * Response: the scheme the proxy used, e.g. {@code ed25519/v2} or {@code ecdsa/v1}.
     */
    public static final String E2EE = PREFIX + "E2ee";
    /** Request: {@code true} or {@code false}, whether to check this chat answer's signature. */
    public static final String VERIFY_SIGNATURE = PREFIX + "Verify-Signature";
    /** Response: {@code pending} when the answer's signature will be checked (see {@code GET /verify/chat/{id}}). */
    public static final String SIGNATURE = PREFIX + "Signature";

    private ProxyHeaders() {
    }
}
