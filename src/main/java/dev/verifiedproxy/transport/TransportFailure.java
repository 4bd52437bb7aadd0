package dev.verifiedproxy.transport;

/** Why a backend exchange could not happen; each maps to a precise client-facing error. */
public enum TransportFailure {
    /** No TCP connection could be opened to the backend. */
    UNREACHABLE("backend unreachable", 502),
    /** The TLS handshake failed. */
    TLS_HANDSHAKE("TLS handshake failed", 502),
    /** The backend did not answer in time. */
    TIMEOUT("backend timed out", 504),
    /** The attestation report could not be obtained (error status, oversized, not JSON, connection lost). */
    ATTESTATION_UNAVAILABLE("attestation report unavailable", 502),
    /** The attestation report was obtained and did not verify. */
    ATTESTATION_REJECTED("attestation rejected", 502),
    /** The backend broke the HTTP protocol. */
    PROTOCOL("backend protocol error", 502),
    /** The connection failed while the request or response was in flight. */
    IO("backend connection failed", 502),
    /**
     * The attestation report needs a credential, and the peer's certificate is not valid for the domain under the
     * system's certificate authorities: nothing was sent, so that the credential never reaches such a peer.
     */
    CREDENTIAL_WITHHELD("API key withheld before attestation", 502, true),
    /**
     * The gateway refused the report request because of the caller's credential (HTTP 401, 402, 403 or 429):
     * the caller's own failure, answered with the gateway's status and error ({@link TransportException#refusal()}).
     */
    CREDENTIAL_REFUSED("the gateway refused the API key", 502, true);

    private final String summary;
    private final int httpStatus;
    private final boolean callerSpecific;

    TransportFailure(String summary, int httpStatus) {
        this(summary, httpStatus, false);
    }

    TransportFailure(String summary, int httpStatus, boolean callerSpecific) {
        this.summary = summary;
        this.httpStatus = httpStatus;
        this.callerSpecific = callerSpecific;
    }

    public String summary() {
        return summary;
    }

    /** The status the proxy answers its client with (a refusal's own status takes precedence, see TransportException). */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Whether the failure depends on the credential of the request that met it rather than on the backend: such a
     * failure is neither remembered for the back-off nor handed to other requests waiting for the same attestation,
     * which each try with their own credential.
     */
    public boolean callerSpecific() {
        return callerSpecific;
    }
}
