package dev.verifiedproxy.attestation;

import dev.verifiedproxy.verdict.Reason;

/** Why a report is not bound to the client's nonce, its signing key or the live TLS connection (protocol.md §3). */
public enum BindingFailure implements Reason {
    PUBLIC_KEY_MALFORMED("signing_public_key does not have the size its algorithm requires."),
    KEY_ADDRESS_MISMATCH("signing_public_key does not belong to signing_address."),
    REQUEST_NONCE_MISMATCH("request_nonce is not the nonce the verifier sent."),
    REPORT_DATA_NONCE_MISMATCH("REPORT_DATA[32..64] of the quote is not the nonce the verifier sent."),
    REPORT_DATA_KEY_MISMATCH("REPORT_DATA[0..32] of the quote does not bind the signing address (and TLS fingerprint)."),
    TLS_FINGERPRINT_MISSING("The report carries no tls_cert_fingerprint to bind the live TLS key."),
    TLS_FINGERPRINT_MISMATCH("SHA-256 of the live connection's SPKI differs from tls_cert_fingerprint."),
    TLS_SPKI_NOT_RECORDED("The SPKI of the connection the report came over was not recorded, so nothing binds the "
            + "component that served it."),
    TLS_CERTIFICATE_UNREADABLE("tls_certificate is not a readable PEM certificate chain."),
    TLS_CERTIFICATE_MISMATCH("The SPKI of tls_certificate's first certificate differs from tls_cert_fingerprint.");

    private final String message;

    BindingFailure(String message) {
        this.message = message;
    }

    @Override
    public String message() {
        return message;
    }
}
