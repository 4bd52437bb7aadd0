/**
 * Intel collateral: {@link dev.verifiedproxy.collateral.QuoteCollateral} (dcap-qvl's QuoteCollateralV3) and
 * its JSON ({@link dev.verifiedproxy.collateral.CollateralJson}), the signed TCB info and QE identity content,
 * where collateral comes from ({@link dev.verifiedproxy.collateral.CollateralSource}: Intel PCS / PCCS client,
 * cache, static bundles) and until when it is valid ({@link dev.verifiedproxy.collateral.CollateralValidity}).
 * Nothing here is trusted: {@code dev.verifiedproxy.dcap} checks every signature.
 */
package dev.verifiedproxy.collateral;
