package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralValidity;
import dev.verifiedproxy.collateral.Pem;
import dev.verifiedproxy.collateral.QeIdentity;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.collateral.TcbLevel;
import dev.verifiedproxy.quote.Bytes;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collateral bundle with every check that does not depend on the quote or on the time already done:
 * JSON and DER parsed, issuer chains built and their signatures and CRL signatures verified, TCB info and
 * QE identity signatures verified, TCB levels put in canonical order. {@link DcapVerifier} evaluates the
 * outcomes in dcap-qvl's order at the verification instant, so preparing ahead changes no result, only
 * the cost: this is what makes verification with cached collateral fast. Immutable apart from a memo of
 * the PCK chains of quotes checked against it (same inputs, same outcome), bounded by entries and by bytes.
 * Thread-safe.
 */
public final class PreparedCollateral {

    /**
     * Weight per byte of input kept: the parsed certificates, CRLs and JSON take about twice the input's
     * bytes (measured on the real bundles and on a 1 MB CRL), and the input is kept too.
     */
    static final int WEIGHT_PER_BYTE = 4;
    private static final int MAX_MEMOIZED_PCK_CHAINS = 256;
    private static final SignedJson.Kind<TcbInfo> TCB_INFO = new SignedJson.Kind<>("TCB info",
            DcapFailure.TCB_INFO_MALFORMED, DcapFailure.TCB_INFO_NOT_YET_VALID, DcapFailure.TCB_INFO_EXPIRED,
            DcapFailure.TCB_INFO_CHAIN_INVALID, DcapFailure.TCB_INFO_SIGNATURE_INVALID, TcbInfo::issueDate,
            TcbInfo::nextUpdate);
    private static final SignedJson.Kind<QeIdentity> QE_IDENTITY = new SignedJson.Kind<>("QE identity",
            DcapFailure.QE_IDENTITY_MALFORMED, DcapFailure.QE_IDENTITY_NOT_YET_VALID, DcapFailure.QE_IDENTITY_EXPIRED,
            DcapFailure.QE_IDENTITY_CHAIN_INVALID, DcapFailure.QE_IDENTITY_SIGNATURE_INVALID, QeIdentity::issueDate,
            QeIdentity::nextUpdate);

    final QuoteCollateral source;
    final TrustAnchor anchor;
    final DcapException crlProblem;
    final List<X509CRL> crls;
    final Revocation rootCheck;
    final SignedJson<TcbInfo> tcbInfo;
    final List<TcbLevel> canonicalLevels;
    final SignedJson<QeIdentity> qeIdentity;
    final PckChain collateralPckChain;
    final Instant validUntil;
    private final long chainMemoWeight;
    private final Map<Bytes, PckChain> quotePckChains = new LinkedHashMap<>(16, 0.75f, true);
    private long quotePckChainsWeight;

    /**
     * @param chainMemoWeight the most weight the memo of quotes' PCK chains may reach (0: no memo); it
     *                        counts in full towards {@link #weight()}, so that the weight never grows
     */
    PreparedCollateral(QuoteCollateral source, TrustAnchor anchor, long chainMemoWeight) {
        this.source = source;
        this.anchor = anchor;
        this.chainMemoWeight = chainMemoWeight;
        List<X509CRL> parsed = new ArrayList<>();
        DcapException crlFailure = null;
        try {
            parsed.add(Pem.crl(source.rootCaCrl()));
            parsed.add(Pem.crl(source.pckCrl()));
        } catch (CollateralFormatException e) {
            crlFailure = new DcapException(DcapFailure.CRL_MALFORMED, e.getMessage());
        }
        crlProblem = crlFailure;
        crls = List.copyOf(parsed);
        rootCheck = crlFailure == null ? Revocation.check(anchor.certificate(), anchor.certificate(), anchor.key(), crls)
                : null;

        tcbInfo = new SignedJson<>(TCB_INFO, CollateralJson::tcbInfo, source.tcbInfo(), source.tcbInfoIssuerChain(),
                source.tcbInfoSignature(), anchor, crls);
        canonicalLevels = tcbInfo.value() == null ? List.of() : canonical(tcbInfo.value());
        qeIdentity = new SignedJson<>(QE_IDENTITY, CollateralJson::qeIdentity, source.qeIdentity(),
                source.qeIdentityIssuerChain(), source.qeIdentitySignature(), anchor, crls);

        collateralPckChain = source.pckCertificateChain() == null ? null
                : PckChain.of(source.pckCertificateChain(), anchor, crls);
        validUntil = verifiedUntil();
    }

    /**
     * The validity of what the verifier checks, and nothing else: TCB info and QE identity nextUpdate, each
     * CRL's nextUpdate - 1 s, and the certificates on the two signing paths (the PCK path is added per
     * quote). {@code pck_crl_issuer_chain} is not part of it: dcap-qvl and this verifier never use it, and
     * an unused field must not decide anything, not even the expiry.
     */
    private Instant verifiedUntil() {
        if (crlProblem != null || tcbInfo.value() == null || qeIdentity.value() == null
                || tcbInfo.chainValidUntil() == null || qeIdentity.chainValidUntil() == null) {
            return null;
        }
        Instant until = CollateralValidity.min(tcbInfo.value().nextUpdate(), qeIdentity.value().nextUpdate());
        for (X509CRL crl : crls) {
            until = CollateralValidity.min(until, CollateralValidity.crlUntil(crl));
        }
        until = CollateralValidity.min(until, tcbInfo.chainValidUntil());
        return CollateralValidity.min(until, qeIdentity.chainValidUntil());
    }

    /** The collateral this was prepared from. */
    public QuoteCollateral collateral() {
        return source;
    }

    /**
     * The last second at which the collateral passes every time check (TCB info and QE identity nextUpdate,
     * CRL nextUpdate - 1 s, the TCB info and QE identity signing paths), or null when it fails whatever the
     * time (it does not parse, or a signing chain is unsound). Never null when a quote verifies against it.
     */
    public Instant validUntil() {
        return validUntil;
    }

    /** What keeping this costs: {@link #WEIGHT_PER_BYTE} per byte of collateral, plus the chain memo's budget. */
    long weight() {
        return WEIGHT_PER_BYTE * source.contentLength() + chainMemoWeight;
    }

    /** The checked PCK chain of a quote's certification data (memoized by its bytes, within the budget). */
    PckChain quotePckChain(Bytes certificationData) {
        synchronized (quotePckChains) {
            PckChain known = quotePckChains.get(certificationData);
            if (known != null) {
                return known;
            }
        }
        PckChain chain = PckChain.of(new String(certificationData.toArray(), StandardCharsets.ISO_8859_1), anchor, crls);
        long w = WEIGHT_PER_BYTE * (long) certificationData.length();
        if (w <= chainMemoWeight) {
            synchronized (quotePckChains) {
                if (quotePckChains.put(certificationData, chain) == null) {
                    quotePckChainsWeight += w;
                }
                Iterator<Bytes> eldest = quotePckChains.keySet().iterator();
                while (quotePckChains.size() > MAX_MEMOIZED_PCK_CHAINS || quotePckChainsWeight > chainMemoWeight) {
                    quotePckChainsWeight -= WEIGHT_PER_BYTE * (long) eldest.next().length();
                    eldest.remove();
                }
            }
        }
        return chain;
    }

    int memoizedPckChains() {
        synchronized (quotePckChains) {
            return quotePckChains.size();
        }
    }

    long memoizedPckChainWeight() {
        synchronized (quotePckChains) {
            return quotePckChainsWeight;
        }
    }

    /**
     * dcap-qvl's canonical order (dcap.md §4 step 4), mirroring Intel's sorted set: descending by the SGX
     * component vector, then PCESVN, then (TDX TCB info v3+ only) the TDX component vector; stable.
     */
    static List<TcbLevel> canonical(TcbInfo info) {
        boolean tdx = info.version() >= 3 && "TDX".equals(info.id());
        Comparator<TcbLevel> order = Comparator.<TcbLevel, Bytes>comparing(TcbLevel::sgxComponents,
                PreparedCollateral::lexicographic).thenComparingInt(TcbLevel::pceSvn);
        if (tdx) {
            order = order.thenComparing(TcbLevel::tdxComponents, PreparedCollateral::lexicographic);
        }
        List<TcbLevel> levels = new ArrayList<>(info.tcbLevels());
        levels.sort(order.reversed());
        return List.copyOf(levels);
    }

    private static int lexicographic(Bytes a, Bytes b) {
        for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
