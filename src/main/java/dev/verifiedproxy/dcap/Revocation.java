package dev.verifiedproxy.dcap;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The revocation status of one certificate against the collateral's CRLs (webpki semantics, dcap.md §3.3
 * item 6): the CRL whose issuer name is the certificate's issuer must exist, verify under the issuer's key
 * and be authorised by it (cRLSign); at verification time it must be current ({@code at < nextUpdate}) and
 * must not list the serial. Everything but the time is decided once, when the chain is prepared.
 *
 * @param certificate the certificate
 * @param crl         the matching CRL, or null
 * @param problem     a time-independent problem, or null
 * @param message     what the problem is
 * @param revoked     whether the CRL lists the serial
 */
record Revocation(X509Certificate certificate, X509CRL crl, CertificateProblem problem, String message,
                  boolean revoked) {

    static Revocation check(X509Certificate certificate, X509Certificate issuer, ECPublicKeyParameters issuerKey,
                            List<X509CRL> crls) {
        String who = certificate.getSubjectX500Principal().getName();
        X509CRL crl = crls.stream()
                .filter(c -> c.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()))
                .findFirst().orElse(null);
        if (crl == null) {
            return new Revocation(certificate, null, CertificateProblem.CRL_MISSING,
                    "no CRL from " + certificate.getIssuerX500Principal().getName() + " for " + who, false);
        }
        if (!ChainCheck.ECDSA_SHA256.equals(crl.getSigAlgOID()) || !verifies(crl, issuerKey)) {
            return new Revocation(certificate, crl, CertificateProblem.CRL_SIGNATURE_INVALID,
                    "the CRL of " + crl.getIssuerX500Principal().getName() + " is not signed by its issuer", false);
        }
        boolean[] keyUsage = issuer.getKeyUsage();
        if (keyUsage != null && (keyUsage.length < 7 || !keyUsage[6])) {
            return new Revocation(certificate, crl, CertificateProblem.CRL_ISSUER_NOT_AUTHORIZED,
                    "the CRL issuer's key usage lacks cRLSign", false);
        }
        return new Revocation(certificate, crl, null, null,
                crl.getRevokedCertificate(certificate.getSerialNumber()) != null);
    }

    private static boolean verifies(X509CRL crl, ECPublicKeyParameters issuerKey) {
        try {
            return EcdsaP256.verifyDer(issuerKey, crl.getTBSCertList(), crl.getSignature());
        } catch (CRLException e) {
            return false;
        }
    }

    /** The problem at {@code at}, or null. */
    ChainFailure problemAt(Instant at) {
        if (problem != null) {
            return new ChainFailure(problem, message);
        }
        if (!at.isBefore(crl.getNextUpdate().toInstant())) {
            return new ChainFailure(CertificateProblem.CRL_EXPIRED, "the CRL of "
                    + crl.getIssuerX500Principal().getName() + " expired at " + crl.getNextUpdate().toInstant());
        }
        if (revoked) {
            return new ChainFailure(CertificateProblem.CERT_REVOKED, certificate.getSubjectX500Principal().getName()
                    + " (serial " + certificate.getSerialNumber().toString(16) + ") is revoked");
        }
        return null;
    }

    /** The last second at which the CRL is current. */
    Instant validUntil() {
        return crl == null ? Instant.MIN : crl.getNextUpdate().toInstant().minusSeconds(1);
    }
}
