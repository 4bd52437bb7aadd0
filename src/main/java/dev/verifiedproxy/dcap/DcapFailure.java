package dev.verifiedproxy.dcap;

import dev.verifiedproxy.verdict.Reason;

/**
 * Why a quote did not verify: one constant per check of dcap.md §4, in the order the verifier runs
 * them. {@link #step()} is the step number of dcap.md §4 (0 = trust anchor and CRLs; -1 = before
 * verification, e.g. collateral could not be obtained).
 */
public enum DcapFailure implements Reason {
    /** Collateral was needed and could not be fetched (fail closed). */
    COLLATERAL_UNAVAILABLE(-1, "collateral could not be obtained"),
    /** The root CA CRL or the PCK CRL does not parse (or breaks webpki's CRL rules). */
    CRL_MALFORMED(0, "a CRL of the collateral is malformed"),
    /** Root self-check: no valid, current CRL of the trust anchor, or the anchor is listed in it. */
    ROOT_CA_CRL_INVALID(0, "the root CA CRL is missing, invalid, expired or revokes the root"),
    /** The bytes are not an acceptable quote; {@link DcapResult#formatProblem()} says why. */
    QUOTE_FORMAT(1, "the quote cannot be decoded"),
    QE_VENDOR_UNKNOWN(2, "the quote was not produced by Intel's Quoting Enclave"),
    /** SGX quotes must be version 3 (dcap-qvl's rule; see {@link DcapVerifier}). */
    SGX_QUOTE_VERSION_UNSUPPORTED(2, "SGX quotes must be version 3"),
    TCB_INFO_MALFORMED(3, "the TCB info does not parse"),
    TCB_INFO_NOT_YET_VALID(3, "the TCB info issue date is in the future"),
    TCB_INFO_EXPIRED(3, "the TCB info has expired"),
    TCB_INFO_CHAIN_INVALID(3, "the TCB info issuer chain is invalid"),
    TCB_INFO_SIGNATURE_INVALID(3, "the TCB info signature is invalid"),
    QE_IDENTITY_MALFORMED(5, "the QE identity does not parse"),
    QE_IDENTITY_NOT_YET_VALID(5, "the QE identity issue date is in the future"),
    QE_IDENTITY_EXPIRED(5, "the QE identity has expired"),
    QE_IDENTITY_CHAIN_INVALID(5, "the QE identity issuer chain is invalid"),
    QE_IDENTITY_SIGNATURE_INVALID(5, "the QE identity signature is invalid"),
    QE_IDENTITY_UNSUPPORTED(5, "the QE identity id/version does not fit the quote's TEE"),
    PCK_CERT_FORMAT_UNSUPPORTED(6, "the quote carries no PCK certificate chain and the collateral none either"),
    PCK_CHAIN_INVALID(6, "the PCK certificate chain is invalid"),
    PCK_EXTENSION_INVALID(6, "the PCK certificate's SGX extension is missing or malformed"),
    QE_REPORT_SIGNATURE_INVALID(7, "the QE report is not signed by the PCK key"),
    QE_AUTH_DATA_LENGTH_INVALID(8, "the QE authentication data is not 32 bytes"),
    QE_REPORT_DATA_MISMATCH(8, "the QE report data does not bind the attestation key"),
    QE_MRSIGNER_MISMATCH(9, "the QE MRSIGNER is not Intel's"),
    QE_DEBUG_ENABLED(9, "the Quoting Enclave runs in debug mode"),
    QE_ISVPRODID_MISMATCH(9, "the QE ISVPRODID does not match the QE identity"),
    QE_MISCSELECT_MISMATCH(9, "the QE MISCSELECT does not match the QE identity"),
    QE_ATTRIBUTES_MISMATCH(9, "the QE ATTRIBUTES do not match the QE identity"),
    QE_ISVSVN_TOO_LOW(9, "the QE ISVSVN is below every QE identity level"),
    ATTESTATION_KEY_INVALID(10, "the attestation key is not a valid P-256 point"),
    QUOTE_SIGNATURE_INVALID(10, "the quote signature is invalid"),
    FMSPC_MISMATCH(11, "the TCB info is for another FMSPC than the PCK certificate"),
    PCE_ID_MISMATCH(11, "the TCB info is for another PCE-ID than the PCK certificate"),
    TCB_INFO_TEE_MISMATCH(11, "the TCB info is for another TEE type or version"),
    SGX_COMPONENT_COUNT_MISMATCH(11, "a TCB level does not have 16 SGX components"),
    TDX_COMPONENT_COUNT_MISMATCH(11, "a TCB level does not have 16 TDX components"),
    NO_MATCHING_TCB_LEVEL(11, "no TCB level matches the platform"),
    TDX_MODULE_MISSING(11, "the TDX TCB info has no tdxModule"),
    TDX_MODULE_IDENTITY_NOT_FOUND(11, "the TCB info has no identity for the TDX module version"),
    TDX_MODULE_MRSIGNER_MISMATCH(11, "the TDX module MRSIGNER does not match"),
    TDX_MODULE_ATTRIBUTES_MISMATCH(11, "the TDX module SEAM attributes do not match"),
    TDX_MODULE_ISVSVN_TOO_LOW(11, "the TDX module ISVSVN is below every module level"),
    TCB_REVOKED(12, "the TCB status is Revoked"),
    DEBUG_ENABLED(13, "the enclave or TD runs in debug mode"),
    TD_ATTRIBUTES_RESERVED_BITS(13, "reserved TD attribute bits are set"),
    SEPT_VE_DISABLE_NOT_SET(13, "SEPT_VE_DISABLE is not set in the TD attributes"),
    SERVICE_TD_NOT_ALLOWED(13, "the TD report binds a service TD (mr_service_td is not zero)");

    private final int step;
    private final String description;

    DcapFailure(int step, String description) {
        this.step = step;
        this.description = description;
    }

    /** The step of dcap.md §4 this check belongs to. */
    public int step() {
        return step;
    }

    /** What the failure means, in one line. */
    public String description() {
        return description;
    }

    /** The description, as the verdict's {@link Reason} message. */
    @Override
    public String message() {
        return description;
    }
}
