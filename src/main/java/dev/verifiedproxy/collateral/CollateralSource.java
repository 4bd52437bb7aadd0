package dev.verifiedproxy.collateral;

/**
 * Where collateral comes from: {@link IntelPcsClient} (Intel PCS or a PCCS), {@link CachingCollateralSource}
 * around it, or {@link StaticCollateralSource} (offline bundles, tests). Implementations are thread-safe.
 */
@FunctionalInterface
public interface CollateralSource {

    /**
     * @return the current collateral for this key; never null
     * @throws CollateralException when it cannot be obtained (callers fail closed)
     */
    QuoteCollateral fetch(CollateralKey key) throws CollateralException;
}
