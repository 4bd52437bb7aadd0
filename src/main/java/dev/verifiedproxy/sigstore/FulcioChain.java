package dev.verifiedproxy.sigstore;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Is a signing certificate issued by a Fulcio CA of the trusted root? PKIX validation (no revocation: Fulcio
 * certificates live ten minutes and have none) to each CA's root, at the entry's integrated time — the only
 * time at which a short-lived certificate can be judged — then the CA's own trust window and the leaf's
 * code-signing purpose. A CA's certificates in the trusted root are trusted as given; certificates an entry
 * sends along are never used.
 */
final class FulcioChain {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    private FulcioChain() {
    }

    /**
     * @param authority the CA the certificate chains to, when trusted
     * @param failure   why not, when not trusted
     * @param detail    what was observed
     */
    record Outcome(Optional<CertificateAuthority> authority, RekorFailure failure, String detail) {

        Outcome {
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(detail, "detail");
            if (authority.isPresent() != (failure == null)) {
                throw new IllegalArgumentException("an outcome has an authority exactly when it has no failure");
            }
        }

        static Outcome trusted(CertificateAuthority authority, String detail) {
            return new Outcome(Optional.of(authority), null, detail);
        }

        static Outcome failed(RekorFailure failure, String detail) {
            return new Outcome(Optional.empty(), failure, detail);
        }
    }

    static Outcome validate(X509Certificate leaf, Instant integratedTime, List<CertificateAuthority> authorities) {
        Outcome best = Outcome.failed(RekorFailure.CERT_CHAIN_UNTRUSTED, "issuer "
                + leaf.getIssuerX500Principal().getName() + " is none of the trusted root's "
                + authorities.size() + " Fulcio CAs");
        for (CertificateAuthority authority : authorities) {
            Outcome outcome = against(leaf, integratedTime, authority);
            if (outcome.authority().isPresent()) {
                return purpose(leaf, outcome);
            }
            if (rank(outcome.failure()) > rank(best.failure())) {
                best = outcome;
            }
        }
        return best;
    }

    private static Outcome against(X509Certificate leaf, Instant at, CertificateAuthority authority) {
        Optional<CertPathValidatorException> atIntegration = pkix(leaf, at, authority);
        if (atIntegration.isPresent()) {
            CertPathValidatorException e = atIntegration.get();
            // The JDK may report an expiry before it has checked the issuer's signature: only a chain that
            // validates at a time when the leaf was valid is genuine and merely used at the wrong time.
            boolean time = (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)
                    && pkix(leaf, leaf.getNotBefore().toInstant(), authority).isEmpty();
            return Outcome.failed(time ? RekorFailure.CERT_NOT_VALID_AT_INTEGRATED_TIME : RekorFailure.CERT_CHAIN_UNTRUSTED,
                    authority.uri() + ": " + e.getMessage() + (time ? " at " + at : ""));
        }
        try {
            // PKIX never checks the anchor's own dates.
            authority.root().checkValidity(Date.from(at));
        } catch (GeneralSecurityException e) {
            return Outcome.failed(RekorFailure.CERT_NOT_VALID_AT_INTEGRATED_TIME,
                    authority.uri() + ": the root is not valid at " + at);
        }
        if (!authority.validFor().contains(at)) {
            return Outcome.failed(RekorFailure.FULCIO_CA_NOT_VALID_AT_INTEGRATED_TIME,
                    authority.uri() + " (" + authority.subject() + ") is trusted for " + authority.validFor()
                            + ", integrated at " + at);
        }
        return Outcome.trusted(authority, "issued by " + authority.uri() + " (" + authority.subject() + "), valid at " + at);
    }

    /** PKIX validation of leaf and the CA's intermediates to the CA's root at {@code at}; empty when valid. */
    private static Optional<CertPathValidatorException> pkix(X509Certificate leaf, Instant at,
                                                             CertificateAuthority authority) {
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            path.addAll(authority.intermediates());
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority.root(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(e);
        } catch (GeneralSecurityException e) {
            return Optional.of(new CertPathValidatorException(e.toString(), e));
        }
    }

    private static Outcome purpose(X509Certificate leaf, Outcome trusted) {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            usages = null;
        }
        if (usages == null || !usages.contains(CODE_SIGNING)) {
            return Outcome.failed(RekorFailure.CERT_NOT_FOR_CODE_SIGNING, "extended key usage " + usages);
        }
        return trusted;
    }

    /** The most specific explanation wins: a CA that would chain but is out of its window says most. */
    private static int rank(RekorFailure failure) {
        return switch (failure) {
            case FULCIO_CA_NOT_VALID_AT_INTEGRATED_TIME -> 3;
            case CERT_NOT_VALID_AT_INTEGRATED_TIME -> 2;
            default -> 1;
        };
    }
}
