package dev.verifiedproxy.transport;

/**
 * What a connection's handshake showed about the server's certificate under the rules an ordinary
 * HTTPS client applies (PKIX chain to a trusted authority, issued for the domain). It never decides
 * a backend's identity, which comes from attestation alone; it decides only whether a bearer
 * credential may go to the peer before that attestation (see {@link WebPkiTrust}).
 */
public enum WebPkiStatus {
    /** The chain ends at a trusted authority and the certificate is issued for the domain. */
    VALID("webpki_valid", "valid"),
    /** The chain does not end at a trusted authority (self-signed, unknown CA, expired, malformed). */
    UNTRUSTED_CHAIN("webpki_chain", "its chain ends at no trusted certificate authority"),
    /** The chain is trusted but the certificate is not issued for the domain the connection asked for. */
    WRONG_NAME("webpki_name", "it is not issued for this domain"),
    /** No evaluation happened (the handshake did not reach the check): treated as not valid. */
    NOT_CHECKED("webpki_not_checked", "it was not evaluated");

    private final String check;
    private final String reason;

    WebPkiStatus(String check, String reason) {
        this.check = check;
        this.reason = reason;
    }

    /** Stable name, reported as the failed check of a {@link TransportFailure#CREDENTIAL_WITHHELD} failure. */
    public String check() {
        return check;
    }

    /** Why the certificate is not valid, for the client-facing message. */
    public String reason() {
        return reason;
    }
}
