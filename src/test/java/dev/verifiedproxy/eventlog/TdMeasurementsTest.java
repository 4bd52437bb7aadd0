package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TdMeasurementsTest {

    /** The quote parser and the independent recomputation in expected-results.json agree on every field. */
    @Test
    void parsedQuotesEqualTheExpectedResults() {
        for (String[] c : List.of(new String[] {Captures.CLOUD_0629, NearSamples.GATEWAY}, new String[] {Captures.CLOUD_0629, NearSamples.MODEL},
                new String[] {Captures.DIRECT_0629, NearSamples.DIRECT}, new String[] {Captures.CLOUD_0424, NearSamples.GATEWAY},
                new String[] {Captures.CLOUD_0424, NearSamples.MODEL})) {
            NearSamples.Cvm cvm = NearSamples.cvm(c[0], c[1]);
            assertEquals(Captures.quote(cvm.expected().orElseThrow()), cvm.quote(), c[0] + " " + c[1]);
            assertFalse(cvm.quote().debug());
        }
        for (DstackSamples.Sample s : List.of(DstackSamples.simulator(), DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT),
                DstackSamples.verifierFixture(DstackSamples.TDX_LITE), DstackSamples.phala())) {
            assertEquals(Captures.quote(s.expected()), s.quote());
        }
    }

    @Test
    void theDebugBitIsBitZeroOfByteZero() {
        TdMeasurements td = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT).quote();
        assertEquals("0000001000000000", td.tdAttributes());
        TdMeasurements debug = new TdMeasurements(td.teeTcbSvn(), td.mrSeam(), td.mrSignerSeam(), td.seamAttributes(),
                "0100001000000000", td.xfam(), td.mrTd(), td.mrConfigId(), td.mrOwner(), td.mrOwnerConfig(), td.rtmr0(),
                td.rtmr1(), td.rtmr2(), td.rtmr3(), td.reportData(), td.headerUserData());
        assertTrue(debug.debug());
    }

    @Test
    void valuesAreCanonicalLowercaseOfTheRightLength() {
        TdMeasurements td = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT).quote();
        TdMeasurements upper = LogEdits.withMrConfigId(td, td.mrConfigId().toUpperCase());
        assertEquals(td, upper);
        assertThrows(IllegalArgumentException.class, () -> LogEdits.withMrConfigId(td, "00"));
    }
}
