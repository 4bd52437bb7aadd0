/**
 * Intel collateral: {@link dev.verifiedproxy.collateral.QuoteCollateral} (dcap-qvl's QuoteCollateralV3) and
 * its JSON ({@link dev.verifiedproxy.collateral.CollateralJson}), the signed TCB info and QE identity content,
 * where collateral comes from ({@link dev.verifiedproxy.collateral.CollateralSource}: Intel PCS / PCCS client,
 * cache, static bundles) and until when it is valid ({@link dev.verifiedproxy.collateral.CollateralValidity}).
 * Nothing here is trusted: {@code dev.verifiedproxy.dcap} checks every signature.
 *
 * <p>Two choices differ from dcap-qvl's fetcher: the root CA CRL comes from Intel's fixed address when the
 * base is Intel PCS ({@link dev.verifiedproxy.collateral.IntelPcsClient}; dcap-qvl follows the CRL
 * distribution point of a certificate in the not yet verified answer), and the cache is bounded by bytes as
 * well as entries ({@link dev.verifiedproxy.collateral.CachingCollateralSource}), because callers choose the
 * keys it fetches.
 */
package dev.verifiedproxy.collateral;
