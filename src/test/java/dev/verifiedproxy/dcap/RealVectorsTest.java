package dev.verifiedproxy.dcap;

import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.testing.dcap.DcapVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real vector of ../shared/samples/dcap/README.txt gives exactly its expected result (dcap-tests.md §A). */
class RealVectorsTest {

    static final java.util.List<DcapVector> VECTORS = DcapVector.ALL;
    private static final DcapVerifier VERIFIER = DcapVerifier.withIntelRootCa();

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
        DcapResult first = VERIFIER.verify(v.quoteBytes(), v.collateralValue(),
                Instant.ofEpochSecond(v.windowFrom()), DcapOptions.DEFAULT);
        DcapResult last = VERIFIER.verify(v.quoteBytes(), v.collateralValue(),
                Instant.ofEpochSecond(v.windowUntil()), DcapOptions.DEFAULT);
        DcapResult before = VERIFIER.verify(v.quoteBytes(), v.collateralValue(),
                Instant.ofEpochSecond(v.windowFrom() - 1), DcapOptions.DEFAULT);
        DcapResult after = VERIFIER.verify(v.quoteBytes(), v.collateralValue(),
                Instant.ofEpochSecond(v.windowUntil() + 1), DcapOptions.DEFAULT);
        DcapFailure expected = v.failure() == null ? null : DcapFailure.valueOf(v.failure());
        assertEquals(expected, first.failure(), first.toString());
        assertEquals(expected, last.failure(), last.toString());
        assertTimeFailure(before);
        assertTimeFailure(after);
        if (v.failure() == null) {
            assertEquals(Instant.ofEpochSecond(v.windowUntil()), last.collateralValidUntil());
        }
    }

    private static void assertTimeFailure(DcapResult r) {
        assertNotEquals(null, r.failure());
        assertTrue(r.failure().step() == 0 || r.failure().step() == 3 || r.failure().step() == 5
                || r.failure().step() == 6, r.toString());
    }

    @org.junit.jupiter.api.Test
    void sgxVectorStatusesAndFacts() {
        DcapVector v = VECTORS.get(0);
        DcapResult r = VERIFIER.verify(v.quoteBytes(), v.collateralValue(), v.at(), DcapOptions.DEFAULT);
        assertEquals(TcbStatus.UP_TO_DATE, r.qeTcb().status());
        assertEquals(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED, r.platformTcb().status());
        assertEquals("d04ec06d4e6d92dc90d0ad3cf5ee2ddf", r.pck().ppid().hex());
        assertEquals("00a067110000", r.pck().fmspc().hex());
        assertEquals(dev.verifiedproxy.collateral.PckCa.PROCESSOR, r.pck().ca());
    }

    @org.junit.jupiter.api.Test
    void documentedBoundaries() {
        DcapVector sgx = VECTORS.get(0);
        assertEquals(DcapFailure.QE_IDENTITY_EXPIRED, VERIFIER.verify(sgx.quoteBytes(), sgx.collateralValue(),
                Instant.ofEpochSecond(1752919279L), DcapOptions.DEFAULT).failure());
        assertEquals(DcapFailure.TCB_INFO_NOT_YET_VALID, VERIFIER.verify(sgx.quoteBytes(), sgx.collateralValue(),
                Instant.ofEpochSecond(1750330570L), DcapOptions.DEFAULT).failure());
        DcapVector tdx = VECTORS.get(1);
        DcapResult crl = VERIFIER.verify(tdx.quoteBytes(), tdx.collateralValue(), Instant.ofEpochSecond(1752919235L),
                DcapOptions.DEFAULT);
        assertEquals(DcapFailure.PCK_CHAIN_INVALID, crl.failure(), crl.toString());
        assertEquals(CertificateProblem.CRL_EXPIRED, crl.certificateProblem());
    }
}
