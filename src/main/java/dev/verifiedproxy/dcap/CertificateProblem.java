package dev.verifiedproxy.dcap;

/**
 * Why a certificate chain (or the root CA CRL self-check) failed: the detail of
 * {@link DcapFailure#TCB_INFO_CHAIN_INVALID}, {@link DcapFailure#QE_IDENTITY_CHAIN_INVALID},
 * {@link DcapFailure#PCK_CHAIN_INVALID} and {@link DcapFailure#ROOT_CA_CRL_INVALID}.
 */
public enum CertificateProblem {
    /** No certificate at all ("Certificate chain is too short" in dcap-qvl). */
    CHAIN_EMPTY,
    /** Text outside PEM blocks, bad base64 or a certificate that does not parse. */
    CHAIN_MALFORMED,
    /** A signature algorithm or key other than ECDSA P-256 with SHA-256. */
    UNSUPPORTED_ALGORITHM,
    /** No certificate in the chain, nor the trust anchor, issued a certificate of the path. */
    ISSUER_NOT_FOUND,
    /** A certificate's signature does not verify under its issuer's key. */
    SIGNATURE_INVALID,
    /** The chain holds a certificate that is not on the path to the anchor, or a root copy that differs from it. */
    UNEXPECTED_CERTIFICATE,
    /** The first (end-entity) certificate is a CA (webpki CaUsedAsEndEntity). */
    CA_USED_AS_END_ENTITY,
    /** An issuing certificate is not a CA. */
    END_ENTITY_USED_AS_CA,
    /** The path is longer than a CA's path length constraint or than Intel's chains ever are. */
    PATH_TOO_LONG,
    /** A critical extension this verifier does not understand. */
    UNSUPPORTED_CRITICAL_EXTENSION,
    /** An extended key usage extension without serverAuth (webpki's rule for Intel certificates). */
    INVALID_EXTENDED_KEY_USAGE,
    CERT_NOT_YET_VALID,
    CERT_EXPIRED,
    /** No CRL from the certificate's issuer in the collateral (webpki UnknownRevocationStatus). */
    CRL_MISSING,
    CRL_SIGNATURE_INVALID,
    /** The CRL issuer's key usage does not include cRLSign. */
    CRL_ISSUER_NOT_AUTHORIZED,
    /** The CRL's nextUpdate is not after the verification time. */
    CRL_EXPIRED,
    CERT_REVOKED
}
