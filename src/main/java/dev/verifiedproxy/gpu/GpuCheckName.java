package dev.verifiedproxy.gpu;

import java.util.Locale;

/**
 * The named checks of a GPU verification, in the order they run (gpu.md §2.6 and §3). The
 * attestation verdict shows them under {@link #id()}, which is stable: dashboards, logs and
 * tests may rely on it.
 */
public enum GpuCheckName {

    // ---- local evidence checks (no network), gpu.md §1.2, §2.6 items 1-2, §3
    /** {@code nvidia_payload} is JSON of the expected shape; every evidence and certificate chain decodes. */
    PAYLOAD_FORMAT,
    /** The payload's {@code nonce} (and every item's, where present) equals the caller's nonce. */
    PAYLOAD_NONCE,
    /**
     * As many evidence items as the VM's {@code vm_config} says it was given GPUs, when it says: every GPU of
     * the VM must have signed our nonce. Which counts are acceptable is the policy's decision, not this check's.
     */
    GPU_COUNT,
    /**
     * The payload's {@code arch} is a known architecture and every item's {@code arch} and leaf certificate agree
     * with it. Which architectures are acceptable is the policy's decision, not this check's.
     */
    ARCHITECTURE,
    /** The requester nonce inside every signed SPDM request equals the caller's nonce. */
    EVIDENCE_NONCE,
    /** Every device certificate chain validates to the pinned NVIDIA Device Identity CA. */
    DEVICE_CERT_CHAIN,
    /** Every SPDM measurement response is signed (ECDSA P-384) by its chain's leaf. */
    EVIDENCE_SIGNATURE,
    /** The FWID in each leaf certificate equals the FWID in the signed opaque data. */
    FWID,
    /** Driver and VBIOS versions from the signed evidence are present and, if listed, allowed. */
    FIRMWARE_VERSIONS,

    // ---- NVIDIA Remote Attestation Service, gpu.md §2
    /** NRAS answered HTTP 200 (live), or a stored answer was supplied (offline). */
    NRAS_EXCHANGE,
    /** The answer is the detached EAT {@code [["JWT", overall], {"GPU-i": token}]}. */
    NRAS_RESPONSE_FORMAT,
    /** Every token is a compact JWS with {@code alg} ES384. */
    TOKEN_ALGORITHM,
    /** Every token's {@code kid} names a usable key of the NRAS JWKS. */
    TOKEN_KEY,
    /** Every token's ES384 signature verifies. */
    TOKEN_SIGNATURE,
    /** Every token's {@code iss} is the pinned NRAS issuer. */
    TOKEN_ISSUER,
    /** Every token's {@code exp}/{@code nbf}/{@code iat} hold at the evaluation instant (small leeway). */
    TOKEN_VALIDITY,
    /** Every token's {@code eat_nonce} equals the caller's nonce. */
    TOKEN_NONCE,
    /** The overall token has the expected {@code x-nvidia-ver} and {@code sub}. */
    CLAIMS_VERSION,
    /** {@code x-nvidia-overall-att-result} is true. */
    OVERALL_RESULT,
    /** {@code submods} names exactly the per-GPU tokens, one per evidence item, each by its SHA-256. */
    SUBMODS_BINDING,
    /** Every per-GPU token reports a successful appraisal (no error, measurements match, all checks true). */
    GPU_CLAIMS,
    /** Every per-GPU token is about the GPU of the matching evidence item (ueid, driver and VBIOS versions). */
    GPU_IDENTITY;

    /** The stable name used in verdicts, e.g. {@code gpu.evidence-signature}. */
    public String id() {
        return "gpu." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The name in the verdict's snake_case form, prefixed {@code gpu_} once: {@code gpu_evidence_signature},
     * {@code gpu_count}, {@code gpu_identity}.
     */
    public String verdictName() {
        String name = name().toLowerCase(Locale.ROOT);
        return name.startsWith("gpu_") ? name : "gpu_" + name;
    }
}
