package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.TcbInfo;
import dev.verifiedproxy.collateral.TcbLevel;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.Bytes;
import dev.verifiedproxy.testing.dcap.CollateralSpec;
import dev.verifiedproxy.testing.dcap.SgxReportSpec;
import dev.verifiedproxy.testing.dcap.QuoteSpec;
import dev.verifiedproxy.testing.dcap.TcbLevelSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.verifiedproxy.dcap.NegativeChecklistTest.FORGE;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.PKI;
import static dev.verifiedproxy.dcap.NegativeChecklistTest.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canonical TCB-level order (dcap.md §4 step 4) and the status merge (§5.2). First dcap-qvl's own unit
 * vectors (dcap-tests.md §A: src/tcb_info.rs tests), on {@link PreparedCollateral#canonical}; then forged,
 * signed TCB infos whose levels are out of order, so that matching in JSON order, or sorting on the wrong
 * key, gives a different status through the whole verifier.
 */
class TcbLevelOrderTest {

    // ---------------------------------------------------------------- dcap-qvl's sort vectors

    private static TcbLevel level(int[] sgx, int pceSvn, int[] tdx, String tag) {
        return new TcbLevel(svns(sgx), pceSvn, svns(tdx), tag, TcbStatus.UP_TO_DATE, List.of());
    }

    private static Bytes svns(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return Bytes.of(b);
    }

    private static TcbInfo info(String id, int version, TcbLevel... levels) {
        return new TcbInfo(id, version, Instant.EPOCH, Instant.EPOCH, Bytes.of(new byte[6]), Bytes.of(new byte[2]), 0, 0,
                null, List.of(), List.of(levels));
    }

    /** The tcbDate field carries a tag here, to name the levels in their resulting order. */
    private static List<String> order(TcbInfo info) {
        return PreparedCollateral.canonical(info).stream().map(TcbLevel::tcbDate).toList();
    }

    @Test
    void sgxLevelsSortByComponentsDescending() {
        assertEquals(List.of("5", "3", "2"), order(info("SGX", 3, level(new int[] {2, 0}, 10, new int[0], "2"),
                level(new int[] {5, 0}, 10, new int[0], "5"), level(new int[] {3, 0}, 10, new int[0], "3"))));
    }

    @Test
    void pceSvnBreaksTies() {
        assertEquals(List.of("12", "9", "7"), order(info("SGX", 3, level(new int[] {5}, 7, new int[0], "7"),
                level(new int[] {5}, 12, new int[0], "12"), level(new int[] {5}, 9, new int[0], "9"))));
    }

    @Test
    void tdxComponentsBreakTiesForTdxTcbInfoV3() {
        assertEquals(List.of("3", "2", "1"), order(info("TDX", 3, level(new int[] {5}, 10, new int[] {1, 0}, "1"),
                level(new int[] {5}, 10, new int[] {3, 0}, "3"), level(new int[] {5}, 10, new int[] {2, 0}, "2"))));
    }

    @Test
    void elsewhereTdxComponentsDoNotAndTheSortIsStable() {
        TcbLevel one = level(new int[] {5}, 10, new int[] {1}, "1");
        TcbLevel nine = level(new int[] {5}, 10, new int[] {9}, "9");
        assertEquals(List.of("1", "9"), order(info("SGX", 3, one, nine)));
        assertEquals(List.of("1", "9"), order(info("TDX", 2, one, nine)), "TDX tie-break only from version 3");
        assertEquals(List.of("a", "b", "c"), order(info("SGX", 3, level(new int[] {5}, 10, new int[0], "a"),
                level(new int[] {5}, 10, new int[0], "b"), level(new int[] {5}, 10, new int[0], "c"))));
    }

    @Test
    void componentsCompareAsUnsignedBytesAndLongerWinsOnAPrefix() {
        assertEquals(List.of("255", "128", "127"), order(info("SGX", 3, level(new int[] {127}, 0, new int[0], "127"),
                level(new int[] {255}, 0, new int[0], "255"), level(new int[] {128}, 0, new int[0], "128"))));
        assertEquals(List.of("long", "short"), order(info("SGX", 3, level(new int[] {5}, 0, new int[0], "short"),
                level(new int[] {5, 0}, 0, new int[0], "long"))));
    }

    // ---------------------------------------------------------------- through the verifier, out of order

    private static int[] pckComponents() {
        return PKI.pck().spec().componentSvns().clone();
    }

    @Test
    void theHighestMatchingLevelWinsWhateverTheJsonOrder() {
        // Both levels match the PCK (the second exactly); JSON order would pick the first, OutOfDate.
        DcapResult r = NegativeChecklistTest.tdx(CollateralSpec.tdx().tcbLevels(
                TcbLevelSpec.of(new int[16], 0, new int[16], TcbStatus.OUT_OF_DATE, "INTEL-SA-LOW"),
                TcbLevelSpec.of(pckComponents(), 0, new int[16], TcbStatus.UP_TO_DATE)));
        assertTrue(r.verified(), r.toString());
        assertEquals(new TcbResult(TcbStatus.UP_TO_DATE, List.of()), r.platformTcb());
    }

    @Test
    void theHighestPceSvnWinsAmongEqualComponents() {
        // The PCK's PCESVN is 13: all three match; canonical order tries 12 first.
        DcapResult r = NegativeChecklistTest.tdx(CollateralSpec.tdx().tcbLevels(
                TcbLevelSpec.of(new int[16], 7, new int[16], TcbStatus.OUT_OF_DATE, "INTEL-SA-7"),
                TcbLevelSpec.of(new int[16], 12, new int[16], TcbStatus.SW_HARDENING_NEEDED, "INTEL-SA-12"),
                TcbLevelSpec.of(new int[16], 9, new int[16], TcbStatus.CONFIGURATION_NEEDED, "INTEL-SA-9")));
        assertTrue(r.verified(), r.toString());
        assertEquals(new TcbResult(TcbStatus.SW_HARDENING_NEEDED, List.of("INTEL-SA-12")), r.platformTcb());
    }

    @Test
    void theHighestTdxComponentsWinForTdx() {
        // The forged TD's TEE TCB SVN is 03 01 02 ..: both levels match (from index 2, module version 1).
        int[] matchingExactly = new int[16];
        matchingExactly[2] = 2;
        DcapResult r = NegativeChecklistTest.tdx(CollateralSpec.tdx().tcbLevels(
                TcbLevelSpec.of(new int[16], 0, new int[16], TcbStatus.OUT_OF_DATE, "INTEL-SA-LOW"),
                TcbLevelSpec.of(new int[16], 0, matchingExactly, TcbStatus.UP_TO_DATE)));
        assertTrue(r.verified(), r.toString());
        assertEquals(new TcbResult(TcbStatus.UP_TO_DATE, List.of()), r.platformTcb());
    }

    @Test
    void sgxKeepsJsonOrderWhereOnlyTdxComponentsDiffer() {
        int[] higher = new int[16];
        Arrays.fill(higher, 9);
        DcapResult r = verify(FORGE.forge(QuoteSpec.sgx(SgxReportSpec.defaults())), PKI.collateral(CollateralSpec.sgx()
                .tcbLevels(TcbLevelSpec.of(new int[16], 0, new int[16], TcbStatus.CONFIGURATION_NEEDED, "INTEL-SA-FIRST"),
                        TcbLevelSpec.of(new int[16], 0, higher, TcbStatus.UP_TO_DATE))));
        assertTrue(r.verified(), r.toString());
        assertEquals(new TcbResult(TcbStatus.CONFIGURATION_NEEDED, List.of("INTEL-SA-FIRST")), r.platformTcb());
    }

    // ---------------------------------------------------------------- dcap-qvl's merge vectors (§5.2)

    private static TcbResult status(TcbStatus status, String... ids) {
        return new TcbResult(status, List.of(ids));
    }

    @Test
    void mergeVectors() {
        assertEquals(status(TcbStatus.UP_TO_DATE), status(TcbStatus.UP_TO_DATE).merge(status(TcbStatus.UP_TO_DATE)));
        assertEquals(status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001"),
                status(TcbStatus.UP_TO_DATE).merge(status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001")));
        assertEquals(status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001", "INTEL-SA-00002"),
                status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001").merge(status(TcbStatus.SW_HARDENING_NEEDED,
                        "INTEL-SA-00002")));
        assertEquals(status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001"),
                status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001").merge(status(TcbStatus.OUT_OF_DATE, "INTEL-SA-00001")));
        // Where we follow Intel rather than dcap-qvl 9bffe30b (DcapVerifier's package documentation).
        assertEquals(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
                status(TcbStatus.CONFIGURATION_NEEDED).merge(status(TcbStatus.OUT_OF_DATE)).status());
        assertEquals(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
                status(TcbStatus.OUT_OF_DATE).merge(status(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED)).status());
        assertEquals(TcbStatus.REVOKED, status(TcbStatus.CONFIGURATION_NEEDED).merge(status(TcbStatus.REVOKED)).status());
    }

    /** Advisory order: platform, then module, then QE; duplicates dropped (dcap-qvl and Intel agree). */
    @Test
    void advisoryOrderIsPlatformModuleQe() {
        List<String> ids = new ArrayList<>(status(TcbStatus.UP_TO_DATE, "P", "X")
                .merge(status(TcbStatus.UP_TO_DATE, "M", "X")).merge(status(TcbStatus.UP_TO_DATE, "Q", "P")).advisoryIds());
        assertEquals(List.of("P", "X", "M", "Q"), ids);
    }
}
