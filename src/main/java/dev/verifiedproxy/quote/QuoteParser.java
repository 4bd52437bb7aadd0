package dev.verifiedproxy.quote;

/**
 * Parses SGX and TDX ECDSA quotes v3, v4 and v5 (dcap.md §1) into immutable records. Every length is
 * checked against the bytes actually present and against a 1 MiB cap; every section must be filled
 * exactly; anything unexpected is rejected with a {@link QuoteFormatException} rather than guessed at:
 * <ul>
 *   <li>attestation key types other than 2 (the signature data layout is only defined for P-256 here);</li>
 *   <li>a v5 body type that does not fit the TEE type, or a v5 body size that does not fit the body type
 *       (dcap-qvl ignores both and fails late or not at all; Intel's QVL rejects the first at parse too);</li>
 *   <li>a v4/v5 outer certification data type other than 6 (dcap-qvl does not look at it);</li>
 * </ul>
 * Bytes after the signature data are ignored, as dcap-qvl and Intel do: they are not signed and not
 * interpreted. Genuine TDX quotes arrive in zero-padded buffers (the dcap-qvl samples carry 70 zero bytes)
 * and go-tdx-guest's production sample SPR_E4 carries a text trailer, so rejecting them would reject real data.
 * No crypto and no I/O; the parser is stateless and thread-safe.
 */
public final class QuoteParser {

    /** Largest value accepted in any length field (dcap-qvl's MAX_DATA_LEN). */
    public static final int MAX_FIELD_LENGTH = 1 << 20;

    private static final int BODY_SGX = 1;
    private static final int BODY_TD10 = 2;
    private static final int BODY_TD15 = 3;

    private QuoteParser() {
    }

    /**
     * @param quote the raw quote; not modified and not retained
     * @return the parsed quote
     * @throws QuoteFormatException naming the first problem found
     */
    public static Quote parse(byte[] quote) throws QuoteFormatException {
        ByteReader in = new ByteReader(quote, 0, quote.length);
        QuoteHeader header = header(in);
        QuoteBody body = body(in, header);
        int signedLength = in.position();
        Bytes signedRegion = in.copy(0, signedLength);

        int authLength = length(in.u32("signature data length"), "signature data");
        ByteReader auth = in.section(authLength, "signature data");
        QuoteSignatureData signature = header.version() == 3 ? signatureV3(auth) : signatureV4(auth);
        auth.end("signature data");

        // Bytes after the signature data are neither signed nor read (see the class comment).
        return new Quote(header, body, signature, signedRegion);
    }

    private static QuoteHeader header(ByteReader in) throws QuoteFormatException {
        int version = in.u16("header");
        if (version < 3 || version > 5) {
            throw new QuoteFormatException(QuoteFormatProblem.UNSUPPORTED_VERSION, "unsupported quote version " + version);
        }
        int keyType = in.u16("header");
        if (keyType != 2) {
            throw new QuoteFormatException(QuoteFormatProblem.UNSUPPORTED_ATTESTATION_KEY_TYPE,
                    "unsupported attestation key type " + keyType + " (only 2, ECDSA-256 with P-256)");
        }
        long teeCode = in.u32("header");
        TeeType tee = teeCode > Integer.MAX_VALUE ? null : TeeType.ofCode((int) teeCode);
        if (tee == null || (version == 3 && tee != TeeType.SGX)) {
            throw new QuoteFormatException(QuoteFormatProblem.INVALID_TEE_TYPE,
                    "invalid TEE type 0x" + Long.toHexString(teeCode) + " in a v" + version + " quote");
        }
        int qeSvn = in.u16("header");
        int pceSvn = in.u16("header");
        return new QuoteHeader(version, keyType, tee, qeSvn, pceSvn, in.bytes(16, "qe_vendor_id"),
                in.bytes(20, "user_data"));
    }

    private static QuoteBody body(ByteReader in, QuoteHeader header) throws QuoteFormatException {
        if (header.version() < 5) {
            return header.teeType() == TeeType.SGX ? EnclaveReport.read(in) : TdReport10.read(in);
        }
        int bodyType = in.u16("body descriptor");
        long bodySize = in.u32("body descriptor");
        int expected = switch (bodyType) {
            case BODY_SGX -> EnclaveReport.LENGTH;
            case BODY_TD10 -> TdReport10.LENGTH;
            case BODY_TD15 -> TdReport15.LENGTH;
            default -> throw new QuoteFormatException(QuoteFormatProblem.UNSUPPORTED_BODY_TYPE,
                    "unsupported v5 body type " + bodyType);
        };
        if ((bodyType == BODY_SGX) != (header.teeType() == TeeType.SGX)) {
            throw new QuoteFormatException(QuoteFormatProblem.BODY_TYPE_MISMATCH,
                    "v5 body type " + bodyType + " does not fit TEE type " + header.teeType());
        }
        if (bodySize != expected) {
            throw new QuoteFormatException(QuoteFormatProblem.BODY_SIZE_MISMATCH,
                    "v5 body size " + bodySize + " but body type " + bodyType + " is " + expected + " bytes");
        }
        return switch (bodyType) {
            case BODY_SGX -> EnclaveReport.read(in);
            case BODY_TD10 -> TdReport10.read(in);
            default -> TdReport15.read(in);
        };
    }

    private static QuoteSignatureData signatureV3(ByteReader in) throws QuoteFormatException {
        Bytes quoteSignature = in.bytes(64, "quote signature");
        Bytes attestationKey = in.bytes(64, "attestation key");
        return qeSection(in, quoteSignature, attestationKey);
    }

    private static QuoteSignatureData signatureV4(ByteReader in) throws QuoteFormatException {
        Bytes quoteSignature = in.bytes(64, "quote signature");
        Bytes attestationKey = in.bytes(64, "attestation key");
        int outerType = in.u16("certification data type");
        if (outerType != CertificationData.QE_REPORT_CERTIFICATION_DATA) {
            throw new QuoteFormatException(QuoteFormatProblem.UNSUPPORTED_OUTER_CERTIFICATION_TYPE,
                    "v4/v5 certification data type " + outerType + " (expected 6, QE report certification data)");
        }
        int outerLength = length(in.u32("certification data size"), "QE report certification data");
        ByteReader outer = in.section(outerLength, "QE report certification data");
        QuoteSignatureData data = qeSection(outer, quoteSignature, attestationKey);
        outer.end("QE report certification data");
        return data;
    }

    /** QE report, its signature, QE auth data and the (inner) certification data: shared by v3 and v4/v5. */
    private static QuoteSignatureData qeSection(ByteReader in, Bytes quoteSignature, Bytes attestationKey)
            throws QuoteFormatException {
        EnclaveReport qeReport = EnclaveReport.read(in);
        Bytes qeReportSignature = in.bytes(64, "QE report signature");
        Bytes qeAuthData = in.bytes(in.u16("QE auth data length"), "QE auth data");
        int certType = in.u16("certification data type");
        int certLength = length(in.u32("certification data size"), "certification data");
        Bytes certData = in.bytes(certLength, "certification data");
        return new QuoteSignatureData(quoteSignature, attestationKey, qeReport, qeReportSignature, qeAuthData,
                new CertificationData(certType, certData));
    }

    private static int length(long value, String what) throws QuoteFormatException {
        if (value > MAX_FIELD_LENGTH) {
            throw new QuoteFormatException(QuoteFormatProblem.LENGTH_TOO_LARGE,
                    what + " length " + value + " exceeds " + MAX_FIELD_LENGTH);
        }
        return (int) value;
    }
}
