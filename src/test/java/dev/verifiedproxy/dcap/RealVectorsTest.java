package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.PckCa;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.QuoteParser;
import dev.verifiedproxy.testing.dcap.DcapVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every real vector of ../shared/samples/dcap/README.txt gives exactly its expected result (dcap-tests.md §A),
 * with the secondary facts the README and dcap-tests.md state for it.
 */
class RealVectorsTest {

    static final List<DcapVector> VECTORS = DcapVector.ALL;
    private static final DcapVerifier VERIFIER = DcapVerifier.withIntelRootCa();

    /** The failure one second outside a window, and its certificate detail when it is a chain failure. */
    record Outside(DcapFailure failure, CertificateProblem problem) {
        static Outside of(DcapFailure failure) {
            return new Outside(failure, null);
        }
    }

    /**
     * What fails one second before and one second after each vector's window, derived from the collateral's
     * own dates: the window opens at the later of the TCB info and QE identity issue dates, and TCB info is
     * checked first; it closes at the earliest of the TCB info / QE identity nextUpdate and the PCK CRL's
     * nextUpdate - 1 s (the root CRL runs to 2026, resp. 2024 for #8). README: #1 after → "QE Identity
     * expired", #1 before → "TCBInfo issue date is in the future", #2 after → PCK CRL expired.
     */
    private static final Map<Integer, List<Outside>> OUTSIDE = Map.of(
            // TCB info issued 1750330571 after QE identity (1750327278); QE identity next 1752919278 first.
            1, List.of(Outside.of(DcapFailure.TCB_INFO_NOT_YET_VALID), Outside.of(DcapFailure.QE_IDENTITY_EXPIRED)),
            // QE identity issued 1750329147 after TCB info (1750328163); PCK CRL next 1752919235 first.
            2, List.of(Outside.of(DcapFailure.QE_IDENTITY_NOT_YET_VALID),
                    new Outside(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_EXPIRED)),
            // TCB info issued 1771412331 last; PCK CRL next 1774003275 first.
            3, List.of(Outside.of(DcapFailure.TCB_INFO_NOT_YET_VALID),
                    new Outside(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_EXPIRED)),
            // TCB info issued 1756798919 last; PCK CRL next 1759388631 first.
            4, List.of(Outside.of(DcapFailure.TCB_INFO_NOT_YET_VALID),
                    new Outside(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_EXPIRED)),
            // QE identity (from #3) issued 1771411335 last; go-tdx-guest's TCB info next 1772549366 first.
            7, List.of(Outside.of(DcapFailure.QE_IDENTITY_NOT_YET_VALID), Outside.of(DcapFailure.TCB_INFO_EXPIRED)),
            // TCB info issued 1687077778 last; QE identity next 1688801099 before the PCK CRL (1688801272).
            8, List.of(Outside.of(DcapFailure.TCB_INFO_NOT_YET_VALID), Outside.of(DcapFailure.QE_IDENTITY_EXPIRED)),
            // #10 and #11 use #2's collateral.
            10, List.of(Outside.of(DcapFailure.QE_IDENTITY_NOT_YET_VALID),
                    new Outside(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_EXPIRED)),
            11, List.of(Outside.of(DcapFailure.QE_IDENTITY_NOT_YET_VALID),
                    new Outside(DcapFailure.PCK_CHAIN_INVALID, CertificateProblem.CRL_EXPIRED)));

    private static DcapResult verify(DcapVector v, long at) {
        return VERIFIER.verify(v.quoteBytes(), v.collateralValue(), Instant.ofEpochSecond(at), DcapOptions.DEFAULT);
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void expectedResultAtNow(DcapVector v) {
        DcapResult r = VERIFIER.verify(v.quoteBytes(), v.collateralValue(), v.at(), DcapOptions.DEFAULT);
        if (v.failure() == null) {
            assertTrue(r.verified(), r.toString());
            assertEquals(v.status(), r.status().text());
            assertEquals(v.advisoryIds(), r.advisoryIds());
            assertNotNull(r.pck());
        } else {
            assertEquals(DcapFailure.valueOf(v.failure()), r.failure(), r.toString());
        }
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void windowBoundaries(DcapVector v) {
        DcapFailure expected = v.failure() == null ? null : DcapFailure.valueOf(v.failure());
        DcapResult first = verify(v, v.windowFrom());
        DcapResult last = verify(v, v.windowUntil());
        assertEquals(expected, first.failure(), first.toString());
        assertEquals(expected, last.failure(), last.toString());
        List<Outside> outside = OUTSIDE.get(v.id());
        DcapResult before = verify(v, v.windowFrom() - 1);
        DcapResult after = verify(v, v.windowUntil() + 1);
        assertEquals(outside.get(0), new Outside(before.failure(), before.certificateProblem()), before.toString());
        assertEquals(outside.get(1), new Outside(after.failure(), after.certificateProblem()), after.toString());
        if (v.failure() == null) {
            assertEquals(Instant.ofEpochSecond(v.windowUntil()), last.collateralValidUntil());
        }
    }

    /** What the README and dcap-tests.md say about each vector beyond its result; null where they say nothing. */
    record Facts(int id, String ppid, String fmspc, PckCa ca, Integer pceSvn, String cpuSvnPrefix,
                 String teeTcbSvnPrefix, Integer qeIsvSvn) {
    }

    static final List<Facts> FACTS = List.of(
            new Facts(1, "d04ec06d4e6d92dc90d0ad3cf5ee2ddf", "00a067110000", PckCa.PROCESSOR, 13, "0b0b0202ff01", null,
                    10),
            new Facts(2, "811dca2a26b952e85bb6448b097ba4fd", "b0c06f000000", PckCa.PLATFORM, null, null, "06010300",
                    null),
            new Facts(3, "66498c9263c04ed2f0657c530ac2b0cb", "90c06f000000", PckCa.PLATFORM, null, "0303020204010003",
                    null, null),
            new Facts(4, "354e2a1c79c98e81723eab4b78b990a7", "20a06f000000", PckCa.PLATFORM, null, null, "0601", null),
            new Facts(7, "2734b654f553596897eaadfb5667a954", "90c06f000000", PckCa.PLATFORM, null, null, "0b01", null),
            // go-tdx-guest verify_test.go TestPckCertificateExtensions: PPID, FMSPC, PCESVN 11, CPUSVN 03 03 02 02 02 01 00 02.
            new Facts(8, "089ddfdb9c0359c82a3bc7719239574e", "50806f000000", PckCa.PLATFORM, 11, "0303020202010002",
                    "030004", null),
            new Facts(10, null, "b0c06f000000", PckCa.PLATFORM, 11, "0202020203010003", "050102", 6),
            new Facts(11, null, "b0c06f000000", PckCa.PLATFORM, 11, "0202020203010003", "050102", 6));

    @ParameterizedTest
    @FieldSource("FACTS")
    void pckAndReportFacts(Facts f) {
        DcapVector v = VECTORS.stream().filter(x -> x.id() == f.id()).findFirst().orElseThrow();
        DcapResult r = VERIFIER.verify(v.quoteBytes(), v.collateralValue(), v.at(), DcapOptions.DEFAULT);
        assertNotNull(r.pck(), r.toString());
        if (f.ppid() != null) {
            assertEquals(f.ppid(), r.pck().ppid().hex());
        }
        assertEquals(f.fmspc(), r.pck().fmspc().hex());
        assertEquals(f.ca(), r.pck().ca());
        if (f.pceSvn() != null) {
            assertEquals(f.pceSvn(), r.pck().pceSvn());
        }
        if (f.cpuSvnPrefix() != null) {
            assertTrue(r.pck().cpuSvn().hex().startsWith(f.cpuSvnPrefix()), r.pck().cpuSvn().hex());
        }
        if (f.teeTcbSvnPrefix() != null) {
            assertTrue(r.quote().tdReport().teeTcbSvn().hex().startsWith(f.teeTcbSvnPrefix()),
                    r.quote().tdReport().teeTcbSvn().hex());
        }
        if (f.qeIsvSvn() != null) {
            assertEquals(f.qeIsvSvn(), r.quote().signature().qeReport().isvSvn());
        }
    }

    @Test
    void sgxVectorStatusesAndAdvisoryLists() {
        DcapVector v = VECTORS.get(0);
        DcapResult r = VERIFIER.verify(v.quoteBytes(), v.collateralValue(), v.at(), DcapOptions.DEFAULT);
        List<String> advisories = List.of("INTEL-SA-00289", "INTEL-SA-00615");
        assertEquals(new TcbResult(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED, advisories), r.platformTcb());
        assertEquals(new TcbResult(TcbStatus.UP_TO_DATE, List.of()), r.qeTcb());
        assertEquals(new TcbResult(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED, advisories), r.tcb());
        assertNull(r.moduleTcb(), "SGX has no TDX module");
    }

    @Test
    void tdxModuleIdentitiesOfThePositiveVectors() {
        // README: #2 and #4 run module TDX_01 ISVSVN 6, #7 TDX_01 ISVSVN 11; each matches an UpToDate module level.
        for (int index : new int[] {1, 3, 4}) {
            DcapVector v = VECTORS.get(index);
            DcapResult r = VERIFIER.verify(v.quoteBytes(), v.collateralValue(), v.at(), DcapOptions.DEFAULT);
            assertEquals(1, r.quote().tdReport().teeTcbSvn().get(1), v.toString());
            assertEquals(v.id() == 7 ? 11 : 6, r.quote().tdReport().teeTcbSvn().get(0), v.toString());
            assertEquals(new TcbResult(TcbStatus.UP_TO_DATE, List.of()), r.moduleTcb(), v.toString());
        }
    }

    /**
     * #8: "if a level matched, the next failure would be SEPT_VE_DISABLE is not enabled". The steps between
     * TCB matching and the attributes are the module check (module version 0: MRSIGNER and SEAM attributes
     * only) and convergence; the first passes on the real TCB info, and the attributes then fail.
     */
    @Test
    void goTdxGuestQuoteWouldFailOnSeptVeDisableNext() throws Exception {
        DcapVector v = VECTORS.get(5);
        Quote quote = QuoteParser.parse(v.quoteBytes());
        assertEquals("0000004000000000", quote.tdReport().tdAttributes().hex(), "PKS set, SEPT_VE_DISABLE clear");
        assertNull(TdxModuleCheck.evaluate(quote.tdReport(), CollateralJson.tcbInfo(v.collateralValue().tcbInfo())));
        for (DcapOptions options : List.of(DcapOptions.DEFAULT, new DcapOptions(true, true))) {
            DcapException e = assertThrows(DcapException.class, () -> ReportAttributes.check(quote.body(), options));
            assertEquals(DcapFailure.SEPT_VE_DISABLE_NOT_SET, e.failure());
        }
    }

    @Test
    void documentedBoundaries() {
        DcapVector sgx = VECTORS.get(0);
        assertEquals(DcapFailure.QE_IDENTITY_EXPIRED, verify(sgx, 1752919279L).failure());
        assertEquals(DcapFailure.TCB_INFO_NOT_YET_VALID, verify(sgx, 1750330570L).failure());
        DcapResult crl = verify(VECTORS.get(1), 1752919235L);
        assertEquals(DcapFailure.PCK_CHAIN_INVALID, crl.failure(), crl.toString());
        assertEquals(CertificateProblem.CRL_EXPIRED, crl.certificateProblem());
    }
}
