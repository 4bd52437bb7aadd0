package dev.verifiedproxy.quote;

/**
 * A parsed SGX or TDX ECDSA quote. Nothing here is verified: this is only what the bytes say.
 *
 * @param header       the 48-byte header
 * @param body         the attested report
 * @param signature    the signature data
 * @param signedRegion the bytes the attestation key signs: header, v5 body descriptor and body
 */
public record Quote(QuoteHeader header, QuoteBody body, QuoteSignatureData signature, Bytes signedRegion) {

    public TeeType teeType() {
        return header.teeType();
    }

    public int version() {
        return header.version();
    }

    /** The TD report 1.0 fields of a TDX quote (the base of a 1.5 report), or null for SGX. */
    public TdReport10 tdReport() {
        if (body instanceof TdReport15 r15) {
            return r15.base();
        }
        return body instanceof TdReport10 r10 ? r10 : null;
    }
}
