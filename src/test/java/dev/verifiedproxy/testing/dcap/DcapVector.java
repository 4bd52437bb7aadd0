package dev.verifiedproxy.testing.dcap;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.QuoteCollateral;

import java.time.Instant;
import java.util.List;

/**
 * One real vector of {@code ../shared/samples/dcap/README.txt} (dcap-tests.md §A) with its expected
 * result: a status and advisory IDs, or the name of the failing check.
 *
 * @param id          the number in dcap-tests.md §A
 * @param quote       quote file, relative to samples/dcap
 * @param collateral  collateral JSON file, relative to samples/dcap
 * @param now         the "now" of the README (unix seconds)
 * @param windowFrom  first second of the acceptance window
 * @param windowUntil last second of the acceptance window
 * @param status      expected status text, or null when a failure is expected
 * @param advisoryIds expected advisory IDs
 * @param failure     expected failure (a {@code DcapFailure} name), or null
 */
public record DcapVector(int id, String quote, String collateral, long now, long windowFrom, long windowUntil,
                         String status, List<String> advisoryIds, String failure) {

    /** Every real vector of dcap-tests.md §A. */
    public static final List<DcapVector> ALL = List.of(
            new DcapVector(1, "dcap-qvl/sgx_quote", "dcap-qvl/sgx_quote_collateral.json", 1752919277L,
                    1750330571L, 1752919278L, "ConfigurationAndSWHardeningNeeded",
                    List.of("INTEL-SA-00289", "INTEL-SA-00615"), null),
            new DcapVector(2, "dcap-qvl/tdx_quote", "dcap-qvl/tdx_quote_collateral.json", 1752919234L,
                    1750329147L, 1752919234L, "UpToDate", List.of(), null),
            new DcapVector(3, "dcap-qvl/tdx_quote_outdated", "dcap-qvl/tdx_quote_outdated_collateral.json",
                    1774003274L, 1771412331L, 1774003274L, null, List.of(), "NO_MATCHING_TCB_LEVEL"),
            new DcapVector(4, "dcap-qvl/near_quote_hex.txt", "dcap-qvl/near_quote_collateral.json", 1759388630L,
                    1756798919L, 1759388630L, "UpToDate", List.of(), null),
            new DcapVector(7, "go-tdx-guest/quote_v5_sample.dat", "go-tdx-guest/quote_v5_sample.mixed_collateral.json",
                    1772549365L, 1771411335L, 1772549366L, "UpToDate", List.of(), null),
            new DcapVector(8, "go-tdx-guest/tdx_prod_quote_SPR_E4.dat",
                    "go-tdx-guest/tdx_prod_quote_SPR_E4.collateral.json", 1688801098L, 1687077778L, 1688801099L,
                    null, List.of(), "NO_MATCHING_TCB_LEVEL"),
            new DcapVector(10, "dcap-qvl/tdx-quote.hex", "dcap-qvl/tdx_quote_collateral.json", 1752919234L,
                    1750329147L, 1752919234L, null, List.of(), "NO_MATCHING_TCB_LEVEL"),
            new DcapVector(11, "dcap-qvl/quote-from-tappd.hex", "dcap-qvl/tdx_quote_collateral.json", 1752919234L,
                    1750329147L, 1752919234L, null, List.of(), "NO_MATCHING_TCB_LEVEL"));

    public byte[] quoteBytes() {
        return DcapSamples.quote(quote);
    }

    public QuoteCollateral collateralValue() {
        try {
            return CollateralJson.quoteCollateral(DcapSamples.text(collateral));
        } catch (CollateralFormatException e) {
            throw new IllegalStateException(collateral + " does not parse", e);
        }
    }

    public Instant at() {
        return Instant.ofEpochSecond(now);
    }

    @Override
    public String toString() {
        return "#" + id + " " + quote;
    }
}
