package dev.verifiedproxy.collateral;

import dev.verifiedproxy.quote.TeeType;

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
}
