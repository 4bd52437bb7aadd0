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
    CREDENTIAL_WITHHELD("API key withheld before attestation", 502);

    private final String summary;
    private final int httpStatus;

    TransportFailure(String summary, int httpStatus) {
        this.summary = summary;
        this.httpStatus = httpStatus;
    }

    public String summary() {
        return summary;
    }

    /** The status the proxy answers its client with. */
    public int httpStatus() {
        return httpStatus;
    }
}
