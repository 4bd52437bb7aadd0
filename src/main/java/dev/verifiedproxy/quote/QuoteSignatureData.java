package dev.verifiedproxy.quote;

/**
 * The ECDSA signature data of a quote (dcap.md §1.6; v3 and the v4/v5 type-6 wrapping give the same facts).
 *
 * @param quoteSignature    64-byte r||s by the attestation key over the signed region
 * @param attestationKey    64-byte raw P-256 point x||y
 * @param qeReport          the Quoting Enclave's report
 * @param qeReportSignature 64-byte r||s by the PCK leaf key over the 384 raw QE report bytes
 * @param qeAuthData        QE authentication data (bound into the QE report data)
 * @param certification     the (inner) certification data, normally the PCK chain
 */
public record QuoteSignatureData(Bytes quoteSignature, Bytes attestationKey, EnclaveReport qeReport,
                                 Bytes qeReportSignature, Bytes qeAuthData, CertificationData certification) {
}
