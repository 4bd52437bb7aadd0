package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.QeIdentity;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.quote.Bytes;
import dev.verifiedproxy.quote.CertificationData;
import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.QuoteFormatException;
import dev.verifiedproxy.quote.QuoteHeader;
import dev.verifiedproxy.quote.QuoteParser;
import dev.verifiedproxy.quote.QuoteSignatureData;
import dev.verifiedproxy.quote.TeeType;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Verifies SGX and TDX ECDSA quotes against Intel collateral at an explicit instant, following dcap-qvl
 * step by step (dcap.md §4) and returning facts ({@link DcapResult}), never a policy decision. The trust
 * anchor is a constructor argument; the time and options are arguments of every call; there is no I/O and
 * no clock. Thread-safe; meant to be shared application-wide.
 *
 * <p>Where Intel's QVL and dcap-qvl differ, the choices are documented where they are made:
 * {@link QuoteParser} (v5 body type/size, outer certification type), {@link ChainCheck} (root copy in the
 * chain, text outside PEM), {@link PckExtensions} (CPUSVN vs. components), {@link PlatformTcb} (PCE-ID,
 * TDX component start index), {@link TdxModuleCheck} (module identity required), {@link TcbResult#merge}
 * (OutOfDateConfigurationNeeded), {@link ReportAttributes} (PERFMON). Here:
 * <ul>
 *   <li>SGX quotes must be version 3, as in dcap-qvl (Intel accepts v4/v5 SGX quotes). Intel's QE3 produces
 *       v3 for SGX, no SGX v4/v5 vector exists to validate the other layouts against, and NEAR AI runs TDX.</li>
 *   <li>QE authentication data must be 32 bytes (dcap-qvl; Intel allows any length). Every genuine QE uses 32.</li>
 *   <li>The quote is decoded before the collateral is looked at (dcap-qvl checks the root CA CRL first); the
 *       order only shows when both are broken, and it lets callers learn the TEE type and FMSPC to fetch
 *       collateral for.</li>
 *   <li>Time has whole-second precision, like dcap-qvl's unix seconds: {@code at} is truncated.</li>
 * </ul>
 *
 * <p>Cost: {@link #prepare} does every collateral-only check once (about ten ECDSA verifications), and the
 * verifier memoizes prepared bundles by content so that repeated verification with cached collateral only
 * verifies the quote's own signatures. Collateral can come from callers (a {@code POST /verify/quote} body,
 * an evidence bundle), so there are two memos, each bounded by entries and by weight
 * ({@link PreparedCollateral#weight()}, about four times the bytes kept):
 * <ul>
 *   <li>the <em>own</em> memo keeps only collateral the {@code own} predicate vouches for: the very
 *       instances the proxy's collateral cache holds (fetched by the proxy itself). Callers cannot add to it,
 *       so they cannot evict it;</li>
 *   <li>the <em>visitor</em> memo keeps everything else, in a small budget: a flood of distinct bundles only
 *       evicts other visitors, and a bundle heavier than the budget is prepared afresh each time.</li>
 * </ul>
 */
public final class DcapVerifier {

    static final int OWN_ENTRIES = 32;
    static final long OWN_WEIGHT = 64L << 20;
    /** Room for the PCK chains of about 64 machines per own bundle. */
    static final long OWN_CHAIN_MEMO_WEIGHT = 1L << 20;
    static final int VISITOR_ENTRIES = 8;
    static final long VISITOR_WEIGHT = 4L << 20;
    static final long VISITOR_CHAIN_MEMO_WEIGHT = 64L << 10;

    private final TrustAnchor anchor;
    private final Predicate<QuoteCollateral> own;
    private final PreparedMemo ownMemo = new PreparedMemo(OWN_ENTRIES, OWN_WEIGHT);
    private final PreparedMemo visitorMemo = new PreparedMemo(VISITOR_ENTRIES, VISITOR_WEIGHT);

    /** A verifier that trusts exactly this root (the pinned Intel root, or a test root given explicitly). */
    public DcapVerifier(X509Certificate trustAnchor) {
        this(trustAnchor, collateral -> false);
    }

    /**
     * @param trustAnchor the only root trusted
     * @param own         whether a bundle is the proxy's own (e.g. {@code CachingCollateralSource::holds}),
     *                    so that its prepared form may be kept in the own memo; it must be false for anything
     *                    a caller supplied
     */
    public DcapVerifier(X509Certificate trustAnchor, Predicate<QuoteCollateral> own) {
        this.anchor = TrustAnchor.of(Objects.requireNonNull(trustAnchor, "trustAnchor"));
        this.own = Objects.requireNonNull(own, "own");
    }

    /** A verifier trusting the pinned Intel SGX Root CA. */
    public static DcapVerifier withIntelRootCa() {
        return new DcapVerifier(IntelRootCa.certificate());
    }

    public X509Certificate trustAnchor() {
        return anchor.certificate();
    }

    /**
     * Runs the collateral-only checks once; the result can be reused for any quote and any instant. Memoized
     * by content, in the own memo when {@code own} vouches for this instance, else in the visitor memo.
     */
    public PreparedCollateral prepare(QuoteCollateral collateral) {
        Objects.requireNonNull(collateral, "collateral");
        PreparedCollateral known = ownMemo.get(collateral);
        if (known == null) {
            known = visitorMemo.get(collateral);
        }
        if (known != null) {
            return known;
        }
        boolean mine = own.test(collateral);
        PreparedCollateral fresh = new PreparedCollateral(collateral, anchor,
                mine ? OWN_CHAIN_MEMO_WEIGHT : VISITOR_CHAIN_MEMO_WEIGHT);
        (mine ? ownMemo : visitorMemo).put(collateral, fresh);
        return fresh;
    }

    PreparedMemo ownMemo() {
        return ownMemo;
    }

    PreparedMemo visitorMemo() {
        return visitorMemo;
    }

    /** Decodes and verifies a raw quote. */
    public DcapResult verify(byte[] quote, QuoteCollateral collateral, Instant at, DcapOptions options) {
        Instant when = at.truncatedTo(ChronoUnit.SECONDS);
        Quote parsed;
        try {
            parsed = QuoteParser.parse(quote);
        } catch (QuoteFormatException e) {
            return formatFailure(e, when);
        }
        return verify(parsed, prepare(collateral), when, options);
    }

    public DcapResult verify(Quote quote, QuoteCollateral collateral, Instant at, DcapOptions options) {
        return verify(quote, prepare(collateral), at, options);
    }

    /** Verifies a parsed quote against prepared collateral at {@code at}. */
    public DcapResult verify(Quote quote, PreparedCollateral collateral, Instant at, DcapOptions options) {
        if (collateral.anchor != anchor) {
            throw new IllegalArgumentException("the collateral was prepared by a verifier with another trust anchor");
        }
        Facts facts = new Facts(quote, at.truncatedTo(ChronoUnit.SECONDS), collateral.validUntil);
        try {
            run(quote, collateral, facts, options);
            return facts.result(null);
        } catch (DcapException e) {
            return facts.result(e);
        }
    }

    /** The result for bytes that are not a quote. */
    public static DcapResult formatFailure(QuoteFormatException e, Instant at) {
        return new DcapResult(DcapFailure.QUOTE_FORMAT, e.getMessage(), null, e.problem(),
                at.truncatedTo(ChronoUnit.SECONDS), null, null, null, null, null, null, null);
    }

    /** The result for a quote whose collateral could not be obtained (fail closed). */
    public static DcapResult collateralUnavailable(Quote quote, String message, Instant at) {
        return new DcapResult(DcapFailure.COLLATERAL_UNAVAILABLE, message, null, null,
                at.truncatedTo(ChronoUnit.SECONDS), quote, null, null, null, null, null, null);
    }

    private void run(Quote quote, PreparedCollateral c, Facts facts, DcapOptions options) throws DcapException {
        Instant at = facts.at;
        // Step 0: both CRLs parse, and the root has a current CRL that does not list it.
        if (c.crlProblem != null) {
            throw c.crlProblem;
        }
        ChainFailure root = c.rootCheck.problemAt(at);
        if (root != null) {
            throw new DcapException(DcapFailure.ROOT_CA_CRL_INVALID, root.message(), root.problem(), null);
        }
        // Step 2: header policy (version, key type and TEE type were enforced by the parser).
        QuoteHeader header = quote.header();
        if (!header.qeVendorId().equals(QuoteHeader.INTEL_QE_VENDOR_ID)) {
            throw new DcapException(DcapFailure.QE_VENDOR_UNKNOWN, "QE vendor ID " + header.qeVendorId());
        }
        if (quote.teeType() == TeeType.SGX && header.version() != 3) {
            throw new DcapException(DcapFailure.SGX_QUOTE_VERSION_UNSUPPORTED, "SGX quote version " + header.version());
        }
        // Step 3: TCB info: parse, dates, issuer chain, signature.
        TcbInfo tcbInfo = CollateralTimes.tcbInfo(c, at);
        // Step 5: QE identity, same pattern, then id/version for the TEE.
        QeIdentity qeIdentity = CollateralTimes.qeIdentity(c, quote.teeType(), at);
        // Step 6: PCK chain (collateral's, else the quote's type 5) and the leaf's SGX extension.
        PckChain pck = pckChain(quote, c);
        ChainFailure chain = pck.chain().problemAt(at);
        if (chain != null) {
            throw new DcapException(DcapFailure.PCK_CHAIN_INVALID, chain.message(), chain.problem(), null);
        }
        if (pck.extensionProblem() != null) {
            throw pck.extensionProblem();
        }
        facts.pck = pck.extensions();
        facts.extendValidity(pck.chain().validUntil());
        QuoteSignatureData signature = quote.signature();
        // Step 7: the PCK key signed the QE report.
        ECPublicKeyParameters pckKey = EcdsaP256.key(pck.chain().leaf().getPublicKey());
        if (!EcdsaP256.verifyRaw(pckKey, signature.qeReport().raw().toArray(), signature.qeReportSignature())) {
            throw new DcapException(DcapFailure.QE_REPORT_SIGNATURE_INVALID, "the QE report signature does not verify");
        }
        // Step 8: the QE report data binds the attestation key: SHA-256(key || auth data) = report_data[0..32).
        if (signature.qeAuthData().length() != 32) {
            throw new DcapException(DcapFailure.QE_AUTH_DATA_LENGTH_INVALID, "QE auth data is "
                    + signature.qeAuthData().length() + " bytes");
        }
        MessageDigest sha256 = sha256();
        signature.attestationKey().updateDigest(sha256);
        signature.qeAuthData().updateDigest(sha256);
        byte[] expected = sha256.digest();
        byte[] bound = java.util.Arrays.copyOf(signature.qeReport().reportData().toArray(), 32);
        if (!MessageDigest.isEqual(expected, bound)) {
            throw new DcapException(DcapFailure.QE_REPORT_DATA_MISMATCH,
                    "QE report data does not hash the attestation key and QE auth data");
        }
        // Step 9: the QE is Intel's, not in debug, and its TCB level.
        facts.qeTcb = QeIdentityPolicy.evaluate(signature.qeReport(), qeIdentity);
        // Step 10: the attestation key signed header and body.
        ECPublicKeyParameters attestationKey = EcdsaP256.key(signature.attestationKey());
        if (attestationKey == null) {
            throw new DcapException(DcapFailure.ATTESTATION_KEY_INVALID, "the attestation key is not a P-256 point");
        }
        if (!EcdsaP256.verifyRaw(attestationKey, quote.signedRegion().toArray(), signature.quoteSignature())) {
            throw new DcapException(DcapFailure.QUOTE_SIGNATURE_INVALID, "the quote signature does not verify");
        }
        // Step 11: platform TCB level, then the TDX module.
        TcbResult platform = PlatformTcb.evaluate(quote.teeType(), quote.tdReport(), pck.extensions(), tcbInfo,
                c.canonicalLevels);
        facts.platformTcb = platform;
        if (quote.teeType() == TeeType.TDX) {
            facts.moduleTcb = TdxModuleCheck.evaluate(quote.tdReport(), tcbInfo);
            if (facts.moduleTcb != null) {
                facts.platformTcb = platform.merge(facts.moduleTcb);
            }
        }
        // Step 12: convergence; only Revoked is fatal here.
        facts.tcb = facts.platformTcb.merge(facts.qeTcb);
        if (facts.tcb.status() == dev.verifiedproxy.collateral.TcbStatus.REVOKED) {
            throw new DcapException(DcapFailure.TCB_REVOKED, "TCB status is Revoked (platform "
                    + facts.platformTcb.status() + ", QE " + facts.qeTcb.status() + ")");
        }
        // Step 13: the attested enclave's or TD's attributes.
        ReportAttributes.check(quote.body(), options);
    }

    private static PckChain pckChain(Quote quote, PreparedCollateral c) throws DcapException {
        if (c.collateralPckChain != null) {
            return c.collateralPckChain;
        }
        CertificationData data = quote.signature().certification();
        if (data.type() != CertificationData.PCK_CERT_CHAIN) {
            throw new DcapException(DcapFailure.PCK_CERT_FORMAT_UNSUPPORTED, "certification data type " + data.type()
                    + " needs the PCK certificate chain in the collateral (pck_certificate_chain)");
        }
        Bytes pem = data.data();
        return c.quotePckChain(pem);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The facts gathered so far; becomes the result when a check fails or all pass. */
    private static final class Facts {
        final Quote quote;
        final Instant at;
        Instant validUntil;
        PckExtensions pck;
        TcbResult platformTcb;
        TcbResult moduleTcb;
        TcbResult qeTcb;
        TcbResult tcb;

        Facts(Quote quote, Instant at, Instant validUntil) {
            this.quote = quote;
            this.at = at;
            this.validUntil = validUntil;
        }

        void extendValidity(Instant chainUntil) {
            if (validUntil != null && chainUntil.isBefore(validUntil)) {
                validUntil = chainUntil;
            }
        }

        DcapResult result(DcapException e) {
            return new DcapResult(e == null ? null : e.failure(), e == null ? null : e.getMessage(),
                    e == null ? null : e.certificateProblem(), e == null ? null : e.formatProblem(), at, quote, pck,
                    platformTcb, moduleTcb, qeTcb, tcb, validUntil);
        }
    }
}
