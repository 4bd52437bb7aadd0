package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.TeeType;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What determines a collateral bundle: the TEE type (TCB info and QE identity differ), the platform's
 * FMSPC (TCB info) and the PCK CA (PCK CRL).
 *
 * @param tee   SGX or TDX
 * @param fmspc 12 hex digits, upper case
 * @param ca    the PCK CA of the platform's PCK certificate
 */
public record CollateralKey(TeeType tee, String fmspc, PckCa ca) {

    public CollateralKey {
        Objects.requireNonNull(tee, "tee");
        Objects.requireNonNull(ca, "ca");
        if (!fmspc.matches("[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("FMSPC must be 12 hex digits: " + fmspc);
        }
        fmspc = fmspc.toUpperCase(Locale.ROOT);
    }

    /**
     * The key a collateral bundle serves, read from the bundle itself (evidence bundles hold collateral
     * without saying which quote it is for): the TEE type and FMSPC of its TCB info, and the PCK CA
     * that issued its PCK CRL (the first certificate of the CRL's issuer chain). Nothing is trusted
     * here: the verifier checks every signature when the collateral is used.
     *
     * @throws CollateralFormatException when the TCB info or the issuer chain cannot be read
     */
    public static CollateralKey of(QuoteCollateral collateral) throws CollateralFormatException {
        TcbInfo tcbInfo = CollateralJson.tcbInfo(collateral.tcbInfo());
        TeeType tee = "TDX".equals(tcbInfo.id()) ? TeeType.TDX : TeeType.SGX;
        List<X509Certificate> chain = Pem.certificates(collateral.pckCrlIssuerChain());
        if (chain.isEmpty() || tcbInfo.fmspc().length() != 6) {
            throw new CollateralFormatException("the collateral names no PCK CA or no FMSPC");
        }
        return new CollateralKey(tee, tcbInfo.fmspc().hex(), PckCa.ofIssuerName(chain.get(0).getSubjectX500Principal().getName()));
    }
}
