package dev.verifiedproxy.quote;

/** Why bytes are not a quote this parser accepts (dcap.md §1). One constant per failure. */
public enum QuoteFormatProblem {
    /** The data ends before a field it announces. */
    TRUNCATED,
    /** Header version other than 3, 4 or 5. */
    UNSUPPORTED_VERSION,
    /** Attestation key type other than 2 (ECDSA-256 with P-256): the signature layout would be unknown. */
    UNSUPPORTED_ATTESTATION_KEY_TYPE,
    /** TEE type other than SGX (0) or TDX (0x81), or TDX in a v3 quote. */
    INVALID_TEE_TYPE,
    /** v5 body type other than 1, 2 or 3. */
    UNSUPPORTED_BODY_TYPE,
    /** v5 body type that does not fit the TEE type (SGX needs 1; TDX needs 2 or 3). */
    BODY_TYPE_MISMATCH,
    /** v5 body size that is not the size of the body type. */
    BODY_SIZE_MISMATCH,
    /** A length field above the 1 MiB cap. */
    LENGTH_TOO_LARGE,
    /** v4/v5 outer certification data type other than 6 (QE report certification data). */
    UNSUPPORTED_OUTER_CERTIFICATION_TYPE,
    /** A length-delimited section whose content does not fill it exactly. */
    SECTION_LENGTH_MISMATCH
}
