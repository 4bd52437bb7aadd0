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

    final QuoteCollateral source;
    final TrustAnchor anchor;
    final DcapException crlProblem;
    final List<X509CRL> crls;
    final Revocation rootCheck;
    final TcbInfo tcbInfo;
    final DcapException tcbInfoProblem;
    final ChainCheck tcbChain;
    final boolean tcbSignatureValid;
    final List<TcbLevel> canonicalLevels;
    final QeIdentity qeIdentity;
    final DcapException qeIdentityProblem;
    final ChainCheck qeChain;
    final boolean qeSignatureValid;
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

        TcbInfo info = null;
        DcapException infoProblem = null;
        try {
            info = CollateralJson.tcbInfo(source.tcbInfo());
        } catch (CollateralFormatException e) {
            infoProblem = new DcapException(DcapFailure.TCB_INFO_MALFORMED, "TCB info: " + e.getMessage());
        }
        tcbInfo = info;
        tcbInfoProblem = infoProblem;
        tcbChain = ChainCheck.of(source.tcbInfoIssuerChain(), anchor, crls);
        tcbSignatureValid = signedBy(tcbChain, source.tcbInfo(), source.tcbInfoSignature());
        canonicalLevels = info == null ? List.of() : canonical(info);

        QeIdentity qe = null;
        DcapException qeProblem = null;
        try {
            qe = CollateralJson.qeIdentity(source.qeIdentity());
        } catch (CollateralFormatException e) {
            qeProblem = new DcapException(DcapFailure.QE_IDENTITY_MALFORMED, "QE identity: " + e.getMessage());
        }
        qeIdentity = qe;
        qeIdentityProblem = qeProblem;
        qeChain = ChainCheck.of(source.qeIdentityIssuerChain(), anchor, crls);
        qeSignatureValid = signedBy(qeChain, source.qeIdentity(), source.qeIdentitySignature());

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

    private static boolean signedBy(ChainCheck chain, String text, byte[] signature) {
        return chain.structurallySound() && EcdsaP256.verifyRaw(EcdsaP256.key(chain.leaf().getPublicKey()),
                text.getBytes(StandardCharsets.UTF_8), Bytes.of(signature));
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
