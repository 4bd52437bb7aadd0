package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Records;
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
        for (NearSamples.Cvm cvm : NearSamples.all()) {
            cvm.expected().ifPresent(e -> assertEquals(Captures.quote(e), cvm.quote(), cvm.label()));
            assertFalse(cvm.quote().debug());
        }
        for (DstackSamples.Sample s : List.of(DstackSamples.simulator(),
                DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT),
                DstackSamples.verifierFixture(DstackSamples.TDX_LITE), DstackSamples.phala())) {
            assertEquals(Captures.quote(s.expected()), s.quote());
        }
    }

    @Test
    void theDebugBitIsBitZeroOfByteZero() {
        TdMeasurements td = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT).quote();
        assertEquals("0000001000000000", td.tdAttributes());
        TdMeasurements debug = Records.with(td, "tdAttributes", "0100001000000000");
        assertTrue(debug.debug());
    }

    @Test
    void valuesAreCanonicalLowercaseOfTheRightLength() {
        TdMeasurements td = NearSamples.cvm(Captures.DIRECT_0629, NearSamples.DIRECT).quote();
        TdMeasurements upper = Records.with(td, "mrConfigId", td.mrConfigId().toUpperCase());
        assertEquals(td, upper);
        assertThrows(IllegalArgumentException.class, () -> Records.with(td, "mrConfigId", "00"));
    }
}
