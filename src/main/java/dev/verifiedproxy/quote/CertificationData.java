package dev.verifiedproxy.quote;

/**
 * The certification data at the end of a quote's signature data (dcap.md §1.6): type 5 is the PCK
 * certificate chain as PEM text; types 2/3 an encrypted PPID (then the chain must come with the collateral).
 *
 * @param type the certification data type
 * @param data its bytes, uninterpreted
 */
public record CertificationData(int type, Bytes data) {

    public static final int PPID_CLEARTEXT = 1;
    public static final int PPID_RSA2048_ENCRYPTED = 2;
    public static final int PPID_RSA3072_ENCRYPTED = 3;
    public static final int PCK_LEAF_CERT = 4;
    public static final int PCK_CERT_CHAIN = 5;
    public static final int QE_REPORT_CERTIFICATION_DATA = 6;
    public static final int PLATFORM_MANIFEST = 7;
}
