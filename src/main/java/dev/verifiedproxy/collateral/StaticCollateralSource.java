package dev.verifiedproxy.collateral;

import java.util.Map;

/** Fixed collateral per key: offline verification (evidence bundles) and tests. No I/O. */
public final class StaticCollateralSource implements CollateralSource {

    private final Map<CollateralKey, QuoteCollateral> collateral;

    public StaticCollateralSource(Map<CollateralKey, QuoteCollateral> collateral) {
        this.collateral = Map.copyOf(collateral);
    }

    @Override
    public QuoteCollateral fetch(CollateralKey key) throws CollateralException {
        QuoteCollateral c = collateral.get(key);
        if (c == null) {
            throw new CollateralException(CollateralException.Reason.NOT_FOUND, "no collateral for " + key, null);
        }
        return c;
    }
}
