package dev.verifiedproxy.gpu;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One GPU's entry of {@code evidence_list}, decoded.
 *
 * @param index        position in {@code evidence_list}
 * @param arch         the item's own {@code arch}, or null (older payloads omit it)
 * @param nonce        the item's own {@code nonce} text, or null (absent before mid-2026)
 * @param encoding     how {@code evidence} was encoded
 * @param measurements the parsed SPDM exchange
 * @param certificates the decoded certificate chain, leaf first, as supplied
 */
public record EvidenceItem(int index, String arch, String nonce, Encoding encoding, SpdmMeasurements measurements,
                           List<X509Certificate> certificates) {

    /** How the {@code evidence} field encodes the SPDM bytes (gpu.md §1.3). */
    public enum Encoding {
        /** base64 of the raw bytes (NEAR since March 2025). */
        BASE64,
        /** base64 of the hex text of the bytes (NEAR before March 2025). */
        BASE64_HEX_TEXT
    }

    public EvidenceItem {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(measurements, "measurements");
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("an evidence item has at least one certificate");
        }
    }

    /** The certificate whose key signs the evidence: the first of the chain. */
    public X509Certificate leaf() {
        return certificates.get(0);
    }
}
