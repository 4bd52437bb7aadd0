package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.Pem;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A certificate chain checked against the pinned trust anchor and the collateral's CRLs: the subset of
 * webpki that dcap-qvl relies on (dcap.md §3.3), decided once and evaluated per instant.
 *
 * <p>Path: the first certificate is the end entity; each next issuer is the anchor when the issuer name
 * is the anchor's and the signature verifies with the anchor key, else a certificate of the chain with that
 * subject. At most three certificates below the anchor (Intel's chains have two).
 *
 * <p>Two choices stricter than dcap-qvl, both Intel's / go-tdx-guest's behaviour:
 * <ul>
 *   <li>every certificate of the chain must be on the path, except a copy of the root, and that copy must be
 *       byte-identical to the pinned anchor (dcap-qvl ignores it, so a tampered root copy passes there);</li>
 *   <li>text outside PEM blocks is refused ({@link Pem}).</li>
 * </ul>
 * Checks: ECDSA P-256 / SHA-256 only; end entity not a CA; issuers are CAs within their path length;
 * no unknown critical extension; an EKU, where present, includes serverAuth (webpki); validity
 * {@code notBefore <= at <= notAfter}; revocation of every certificate below the anchor ({@link Revocation}).
 * The anchor's own validity is not checked (webpki trusts an anchor as subject + key).
 */
final class ChainCheck {

    static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    private static final Set<String> KNOWN_CRITICAL = Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int MAX_PATH = 3;

    private final List<X509Certificate> path;
    private final ChainFailure structural;
    private final List<Revocation> revocations;

    private ChainCheck(List<X509Certificate> path, ChainFailure structural, List<Revocation> revocations) {
        this.path = List.copyOf(path);
        this.structural = structural;
        this.revocations = List.copyOf(revocations);
    }

    /** Builds and checks the path of a PEM chain; never throws, problems are kept for {@link #problemAt}. */
    static ChainCheck of(String pem, TrustAnchor anchor, List<X509CRL> crls) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(pem);
        } catch (CollateralFormatException e) {
            return failed(CertificateProblem.CHAIN_MALFORMED, e.getMessage());
        }
        if (chain.isEmpty()) {
            return failed(CertificateProblem.CHAIN_EMPTY, "the chain holds no certificate");
        }
        List<X509Certificate> path = new ArrayList<>();
        List<ECPublicKeyParameters> keys = new ArrayList<>();
        boolean[] used = new boolean[chain.size()];
        used[0] = true;
        X509Certificate current = chain.get(0);
        while (true) {
            path.add(current);
            if (path.size() > MAX_PATH) {
                return failed(CertificateProblem.PATH_TOO_LONG, "more than " + MAX_PATH + " certificates below the root");
            }
            ECPublicKeyParameters key = EcdsaP256.key(current.getPublicKey());
            if (key == null || !ECDSA_SHA256.equals(current.getSigAlgOID())) {
                return failed(CertificateProblem.UNSUPPORTED_ALGORITHM, name(current) + " is not ECDSA P-256 / SHA-256");
            }
            keys.add(key);
            if (current.getIssuerX500Principal().equals(anchor.certificate().getSubjectX500Principal())) {
                if (!verifies(current, anchor.key())) {
                    return failed(CertificateProblem.SIGNATURE_INVALID, name(current) + " is not signed by the root");
                }
                break;
            }
            int issuer = -1;
            for (int i = 0; i < chain.size(); i++) {
                if (!used[i] && chain.get(i).getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    issuer = i;
                    break;
                }
            }
            if (issuer < 0) {
                return failed(CertificateProblem.ISSUER_NOT_FOUND, "no issuer for " + name(current));
            }
            ECPublicKeyParameters issuerKey = EcdsaP256.key(chain.get(issuer).getPublicKey());
            if (issuerKey == null || !verifies(current, issuerKey)) {
                return failed(CertificateProblem.SIGNATURE_INVALID, name(current) + " is not signed by "
                        + name(chain.get(issuer)));
            }
            used[issuer] = true;
            current = chain.get(issuer);
        }
        for (int i = 0; i < chain.size(); i++) {
            if (!used[i] && !isAnchorCopy(chain.get(i), anchor)) {
                return failed(CertificateProblem.UNEXPECTED_CERTIFICATE, name(chain.get(i))
                        + " is not on the path to the pinned root" + (chain.get(i).getSubjectX500Principal()
                        .equals(anchor.certificate().getSubjectX500Principal()) ? " (root copy differs from it)" : ""));
            }
        }
        ChainFailure extensions = extensions(path);
        if (extensions != null) {
            return new ChainCheck(List.of(), extensions, List.of());
        }
        List<Revocation> revocations = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            boolean top = i + 1 == path.size();
            revocations.add(Revocation.check(path.get(i), top ? anchor.certificate() : path.get(i + 1),
                    top ? anchor.key() : keys.get(i + 1), crls));
        }
        return new ChainCheck(path, null, revocations);
    }

    private static ChainFailure extensions(List<X509Certificate> path) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            Set<String> critical = c.getCriticalExtensionOIDs();
            if (critical != null && !KNOWN_CRITICAL.containsAll(critical)) {
                return new ChainFailure(CertificateProblem.UNSUPPORTED_CRITICAL_EXTENSION,
                        name(c) + " has unsupported critical extensions " + critical);
            }
            try {
                List<String> eku = c.getExtendedKeyUsage();
                if (eku != null && !eku.contains(SERVER_AUTH)) {
                    return new ChainFailure(CertificateProblem.INVALID_EXTENDED_KEY_USAGE,
                            name(c) + " has an extended key usage without serverAuth");
                }
            } catch (CertificateParsingException e) {
                return new ChainFailure(CertificateProblem.CHAIN_MALFORMED, name(c) + ": " + e.getMessage());
            }
            int pathLength = c.getBasicConstraints();
            if (i == 0 && pathLength >= 0) {
                return new ChainFailure(CertificateProblem.CA_USED_AS_END_ENTITY, name(c) + " is a CA used as end entity");
            }
            if (i > 0 && pathLength < 0) {
                return new ChainFailure(CertificateProblem.END_ENTITY_USED_AS_CA, name(c) + " is not a CA");
            }
            if (i > 0 && pathLength < i - 1) {
                return new ChainFailure(CertificateProblem.PATH_TOO_LONG, name(c) + " allows path length " + pathLength);
            }
        }
        return null;
    }

    private static boolean verifies(X509Certificate certificate, ECPublicKeyParameters issuerKey) {
        try {
            return EcdsaP256.verifyDer(issuerKey, certificate.getTBSCertificate(), certificate.getSignature());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static boolean isAnchorCopy(X509Certificate certificate, TrustAnchor anchor) {
        try {
            return Arrays.equals(certificate.getEncoded(), anchor.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static ChainCheck failed(CertificateProblem problem, String message) {
        return new ChainCheck(List.of(), new ChainFailure(problem, message), List.of());
    }

    static String name(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "'";
    }

    /** The end-entity certificate (valid only when the structure is sound). */
    X509Certificate leaf() {
        return path.get(0);
    }

    boolean structurallySound() {
        return structural == null;
    }

    /** The problem of this chain at {@code at}, or null when it is valid then. Structure, validity, revocation. */
    ChainFailure problemAt(Instant at) {
        if (structural != null) {
            return structural;
        }
        for (X509Certificate c : path) {
            if (at.isBefore(c.getNotBefore().toInstant())) {
                return new ChainFailure(CertificateProblem.CERT_NOT_YET_VALID, name(c) + " is valid from "
                        + c.getNotBefore().toInstant());
            }
            if (at.isAfter(c.getNotAfter().toInstant())) {
                return new ChainFailure(CertificateProblem.CERT_EXPIRED, name(c) + " expired at "
                        + c.getNotAfter().toInstant());
            }
        }
        for (Revocation r : revocations) {
            ChainFailure f = r.problemAt(at);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The last second at which the path's certificates and CRLs are all valid. */
    Instant validUntil() {
        Instant until = Instant.MAX;
        for (X509Certificate c : path) {
            Instant end = c.getNotAfter().toInstant();
            until = end.isBefore(until) ? end : until;
        }
        for (Revocation r : revocations) {
            if (r.crl() != null && r.validUntil().isBefore(until)) {
                until = r.validUntil();
            }
        }
        return until;
    }
}
