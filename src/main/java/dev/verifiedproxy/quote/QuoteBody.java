package dev.verifiedproxy.quote;

/** The attested report a quote carries: an SGX enclave report, or a TD report 1.0 / 1.5. */
public sealed interface QuoteBody permits EnclaveReport, TdReport10, TdReport15 {

    /** The 64 bytes of report data the enclave or TD chose. */
    Bytes reportData();

    /** Encoded length in bytes. */
    int length();
}
