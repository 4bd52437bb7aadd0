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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collateral bundle with every check that does not depend on the quote or on the time already done:
 * JSON and DER parsed, issuer chains built and their signatures and CRL signatures verified, TCB info and
 * QE identity signatures verified, TCB levels put in canonical order. {@link DcapVerifier} evaluates the
 * outcomes in dcap-qvl's order at the verification instant, so preparing ahead changes no result, only
 * the cost: this is what makes verification with cached collateral fast. Immutable apart from a bounded
 * memo of the PCK chains of quotes checked against it (same inputs, same outcome). Thread-safe.
 */
public final class PreparedCollateral {

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
    private final Map<Bytes, PckChain> quotePckChains = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, PckChain> eldest) {
            return size() > MAX_MEMOIZED_PCK_CHAINS;
        }
    };

    PreparedCollateral(QuoteCollateral source, TrustAnchor anchor) {
        this.source = source;
        this.anchor = anchor;
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
        Instant until;
        try {
            until = CollateralValidity.validUntil(source);
        } catch (CollateralFormatException e) {
            until = null;
        }
        validUntil = until;
    }

    /** The collateral this was prepared from. */
    public QuoteCollateral collateral() {
        return source;
    }

    /**
     * The last second at which the collateral passes every time check (TCB info and QE identity nextUpdate,
     * CRL nextUpdate - 1 s, issuer chain notAfter), or null when the collateral does not parse.
     */
    public Instant validUntil() {
        return validUntil;
    }

    /** The checked PCK chain of a quote's certification data (memoized by its bytes). */
    PckChain quotePckChain(Bytes certificationData) {
        synchronized (quotePckChains) {
            PckChain known = quotePckChains.get(certificationData);
            if (known != null) {
                return known;
            }
        }
        PckChain chain = PckChain.of(new String(certificationData.toArray(), StandardCharsets.ISO_8859_1), anchor, crls);
        synchronized (quotePckChains) {
            quotePckChains.put(certificationData, chain);
        }
        return chain;
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
