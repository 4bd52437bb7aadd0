package dev.verifiedproxy.quote;

/**
 * The 48-byte quote header (dcap.md §1.1).
 *
 * @param version            3, 4 or 5
 * @param attestationKeyType 2 (ECDSA-256 with P-256); the parser accepts no other
 * @param teeType            SGX or TDX
 * @param qeSvn              QE SVN (reserved in TDX v4; not checked)
 * @param pceSvn             PCE SVN (reserved in TDX v4; not checked)
 * @param qeVendorId         16 bytes; Intel's QE is {@link #INTEL_QE_VENDOR_ID}
 * @param userData           20 bytes; the first 16 are the QE ID
 */
public record QuoteHeader(int version, int attestationKeyType, TeeType teeType, int qeSvn, int pceSvn,
                          Bytes qeVendorId, Bytes userData) {

    public static final int LENGTH = 48;
    /** The QE vendor ID of Intel's Quoting Enclave. */
    public static final Bytes INTEL_QE_VENDOR_ID = Bytes.fromHex("939a7233f79c4ca9940a0db3957f0607");
}
