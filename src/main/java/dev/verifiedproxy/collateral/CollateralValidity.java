package dev.verifiedproxy.collateral;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The last second at which a collateral bundle still passes every time check of dcap.md §6:
 * min(TCB info nextUpdate, QE identity nextUpdate, each CRL's nextUpdate - 1 s (a CRL is valid while
 * now &lt; nextUpdate), the notAfter of every certificate in the three issuer chains). Caches keep
 * a bundle until then; the verifier reports it so that verified connections expire with their evidence.
 */
public final class CollateralValidity {

    private CollateralValidity() {
    }

    public static Instant validUntil(QuoteCollateral c) throws CollateralFormatException {
        Instant until = CollateralJson.tcbInfo(c.tcbInfo()).nextUpdate();
        until = min(until, CollateralJson.qeIdentity(c.qeIdentity()).nextUpdate());
        until = min(until, crlUntil(Pem.crl(c.pckCrl())));
        until = min(until, crlUntil(Pem.crl(c.rootCaCrl())));
        for (String chain : new String[] {c.tcbInfoIssuerChain(), c.qeIdentityIssuerChain(), c.pckCrlIssuerChain()}) {
            for (X509Certificate certificate : Pem.certificates(chain)) {
                until = min(until, certificate.getNotAfter().toInstant());
            }
        }
        return until;
    }

    /** The last second a CRL is valid: nextUpdate - 1 s. */
    public static Instant crlUntil(X509CRL crl) {
        return crl.getNextUpdate().toInstant().minusSeconds(1);
    }

    public static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
