package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.collateral.CollateralException;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.collateral.QuoteCollateral;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the collateral one verification obtained, per key, so that it goes into the evidence bundle and
 * the TCB dates are read from it: the same bytes the verdict rests on. One instance per verification; a report
 * has a handful of quotes.
 */
final class RecordingCollateralSource implements CollateralSource {

    private final CollateralSource source;
    private final Map<CollateralKey, QuoteCollateral> used = new LinkedHashMap<>();

    RecordingCollateralSource(CollateralSource source) {
        this.source = source;
    }

    @Override
    public synchronized QuoteCollateral fetch(CollateralKey key) throws CollateralException {
        QuoteCollateral known = used.get(key);
        if (known != null) {
            return known;
        }
        QuoteCollateral fetched = source.fetch(key);
        used.put(key, fetched);
        return fetched;
    }

    /** The collateral handed out for {@code key}: the very object the DCAP step verified a quote with. */
    synchronized Optional<QuoteCollateral> handedOut(CollateralKey key) {
        return Optional.ofNullable(used.get(key));
    }

    /** What was handed out, in first-use order. */
    synchronized List<QuoteCollateral> used() {
        return List.copyOf(used.values());
    }
}
