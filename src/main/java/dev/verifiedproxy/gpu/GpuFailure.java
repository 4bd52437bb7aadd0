package dev.verifiedproxy.gpu;

import dev.verifiedproxy.verdict.Reason;

import java.util.Locale;

/**
 * Why a GPU check failed: one constant per condition, each belonging to exactly one
 * {@link GpuCheckName}. Tests and callers match on these, never on message text.
 */
public enum GpuFailure implements Reason {

    PAYLOAD_NOT_JSON(GpuCheckName.PAYLOAD_FORMAT, "nvidia_payload is not a JSON object"),
    PAYLOAD_FIELD_INVALID(GpuCheckName.PAYLOAD_FORMAT, "a field of nvidia_payload is missing or malformed"),
    EVIDENCE_MALFORMED(GpuCheckName.PAYLOAD_FORMAT, "an evidence item is not a decodable SPDM measurement exchange"),
    CERTIFICATES_MALFORMED(GpuCheckName.PAYLOAD_FORMAT, "an evidence item's certificate chain cannot be decoded"),

    PAYLOAD_NONCE_MISMATCH(GpuCheckName.PAYLOAD_NONCE, "the payload nonce is not the caller's nonce"),
    ITEM_NONCE_MISMATCH(GpuCheckName.PAYLOAD_NONCE, "an evidence item's nonce field is not the caller's nonce"),

    GPU_COUNT_VM_MISMATCH(GpuCheckName.GPU_COUNT, "the number of GPUs differs from the num_gpus the VM's vm_config states"),

    ARCHITECTURE_UNKNOWN(GpuCheckName.ARCHITECTURE, "the payload names no known confidential-computing GPU architecture"),
    ARCHITECTURE_INCONSISTENT(GpuCheckName.ARCHITECTURE,
            "an evidence item or leaf certificate names another architecture than the payload"),

    EVIDENCE_NONCE_MISMATCH(GpuCheckName.EVIDENCE_NONCE, "the nonce signed by a GPU is not the caller's nonce"),

    CERT_CHAIN_LENGTH(GpuCheckName.DEVICE_CERT_CHAIN, "a device certificate chain does not have five certificates"),
    CERT_CHAIN_UNTRUSTED(GpuCheckName.DEVICE_CERT_CHAIN,
            "a device certificate chain does not validate to the NVIDIA Device Identity CA"),

    EVIDENCE_SIGNATURE_INVALID(GpuCheckName.EVIDENCE_SIGNATURE,
            "an SPDM measurement signature does not verify with the leaf certificate"),

    FWID_MISSING(GpuCheckName.FWID, "the FWID is absent from the leaf certificate or the evidence"),
    FWID_MISMATCH(GpuCheckName.FWID, "the leaf certificate's FWID differs from the evidence's"),

    FIRMWARE_VERSION_MISSING(GpuCheckName.FIRMWARE_VERSIONS, "the evidence carries no driver or VBIOS version"),
    DRIVER_VERSION_NOT_ALLOWED(GpuCheckName.FIRMWARE_VERSIONS, "a GPU runs a driver version that is not allowed"),
    VBIOS_VERSION_NOT_ALLOWED(GpuCheckName.FIRMWARE_VERSIONS, "a GPU runs a VBIOS version that is not allowed"),

    NRAS_UNREACHABLE(GpuCheckName.NRAS_EXCHANGE, "NRAS could not be reached"),
    NRAS_TIMEOUT(GpuCheckName.NRAS_EXCHANGE, "NRAS did not answer in time"),
    NRAS_HTTP_STATUS(GpuCheckName.NRAS_EXCHANGE, "NRAS answered with an HTTP error"),
    NRAS_RESPONSE_TOO_LARGE(GpuCheckName.NRAS_EXCHANGE, "the NRAS answer exceeds the size limit"),

    NRAS_RESPONSE_MALFORMED(GpuCheckName.NRAS_RESPONSE_FORMAT, "the NRAS answer is not a detached EAT"),

    TOKEN_MALFORMED(GpuCheckName.TOKEN_ALGORITHM, "a token is not a decodable compact JWS"),
    TOKEN_ALG_NONE(GpuCheckName.TOKEN_ALGORITHM, "a token is unsigned (alg none)"),
    TOKEN_ALG_HMAC(GpuCheckName.TOKEN_ALGORITHM, "a token claims an HMAC algorithm (key confusion)"),
    TOKEN_ALG_UNSUPPORTED(GpuCheckName.TOKEN_ALGORITHM, "a token uses an algorithm other than ES384"),

    TOKEN_KID_MISSING(GpuCheckName.TOKEN_KEY, "a token names no key id"),
    JWKS_UNAVAILABLE(GpuCheckName.TOKEN_KEY, "the NRAS key set could not be obtained"),
    JWKS_MALFORMED(GpuCheckName.TOKEN_KEY, "the NRAS key set is malformed"),
    TOKEN_KID_UNKNOWN(GpuCheckName.TOKEN_KEY, "a token's key id is not in the NRAS key set"),
    JWKS_KEY_UNUSABLE(GpuCheckName.TOKEN_KEY, "the key named by a token is not a consistent EC P-384 signing key"),
    JWKS_KEY_CERT_MISMATCH(GpuCheckName.TOKEN_KEY,
            "the x5c certificate of the key named by a token holds a different key than the key's x/y"),
    JWKS_KEY_NO_CHAIN(GpuCheckName.TOKEN_KEY,
            "the key named by a token carries no x5c chain of leaf and NRAS intermediate certificate"),
    JWKS_KEY_UNTRUSTED(GpuCheckName.TOKEN_KEY,
            "the x5c intermediate of the key named by a token is not a pinned NVIDIA NRAS intermediate"),
    JWKS_KEY_CERT_NOT_SIGNED(GpuCheckName.TOKEN_KEY,
            "the x5c leaf certificate of the key named by a token is not issued by its x5c intermediate"),
    JWKS_KEY_CERT_NOT_VALID(GpuCheckName.TOKEN_KEY,
            "the certificates of the key named by a token are not valid at the token's issue time (iat)"),

    TOKEN_SIGNATURE_INVALID(GpuCheckName.TOKEN_SIGNATURE, "a token's signature does not verify"),

    TOKEN_ISSUER_MISMATCH(GpuCheckName.TOKEN_ISSUER, "a token's issuer is not NRAS"),

    TOKEN_EXPIRED(GpuCheckName.TOKEN_VALIDITY, "a token has expired"),
    TOKEN_NOT_YET_VALID(GpuCheckName.TOKEN_VALIDITY, "a token is not valid yet (nbf)"),
    TOKEN_ISSUED_IN_FUTURE(GpuCheckName.TOKEN_VALIDITY, "a token is issued in the future (iat)"),
    TOKEN_TIME_CLAIM_MISSING(GpuCheckName.TOKEN_VALIDITY, "a token lacks exp, nbf or iat"),

    TOKEN_NONCE_MISMATCH(GpuCheckName.TOKEN_NONCE, "a token's eat_nonce is not the caller's nonce"),

    CLAIMS_VERSION_UNEXPECTED(GpuCheckName.CLAIMS_VERSION, "the overall token's claims version or subject is unexpected"),

    OVERALL_RESULT_FALSE(GpuCheckName.OVERALL_RESULT, "NRAS's overall attestation result is not true"),

    SUBMODS_MALFORMED(GpuCheckName.SUBMODS_BINDING, "the overall token's submods claim is missing or malformed"),
    GPU_TOKEN_MISSING(GpuCheckName.SUBMODS_BINDING, "submods names a GPU whose token is missing"),
    GPU_TOKEN_UNEXPECTED(GpuCheckName.SUBMODS_BINDING, "a GPU token is not named in submods"),
    SUBMODS_COUNT_MISMATCH(GpuCheckName.SUBMODS_BINDING, "the number of GPU tokens differs from the number of evidence items"),
    SUBMODS_DIGEST_MISMATCH(GpuCheckName.SUBMODS_BINDING, "a submods digest is not the SHA-256 of its GPU token"),

    GPU_ERROR_REPORTED(GpuCheckName.GPU_CLAIMS, "NRAS reports an error for a GPU"),
    GPU_MEASUREMENTS_MISMATCH(GpuCheckName.GPU_CLAIMS, "a GPU's measurements do not match NVIDIA's reference values"),
    GPU_CLAIM_NOT_TRUE(GpuCheckName.GPU_CLAIMS, "a GPU appraisal claim is not satisfied"),
    GPU_HWMODEL_UNEXPECTED(GpuCheckName.GPU_CLAIMS, "a GPU token names an unexpected hardware model"),
    GPU_ATTESTATION_WARNING(GpuCheckName.GPU_CLAIMS, "NRAS attached a warning to a GPU appraisal"),

    GPU_UEID_MISMATCH(GpuCheckName.GPU_IDENTITY, "a GPU token's ueid is not the serial of the matching leaf certificate"),
    GPU_VERSION_MISMATCH(GpuCheckName.GPU_IDENTITY, "a GPU token's driver or VBIOS version differs from the evidence");

    private final GpuCheckName check;
    private final String summary;

    GpuFailure(GpuCheckName check, String summary) {
        this.check = check;
        this.summary = summary;
    }

    /** The check this failure belongs to. */
    public GpuCheckName check() {
        return check;
    }

    /** One sentence saying what went wrong, without the observed values. */
    public String summary() {
        return summary;
    }

    /** The summary, as the verdict's {@link Reason} message. */
    @Override
    public String message() {
        return summary;
    }

    /** The stable name used in verdicts, e.g. {@code token-kid-unknown}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
