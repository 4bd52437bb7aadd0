package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.QuoteFormatException;
import dev.verifiedproxy.quote.QuoteParser;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.Samples;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * The header fields and debug flag of every quote expected-results.json lists, as our quote parser reads them
     * (the body fields are compared above).
     */
    @Test
    void quoteHeadersEqualTheExpectedResults() throws QuoteFormatException {
        List<NearSamples.Cvm> listed = NearSamples.all().stream().filter(c -> c.expected().isPresent()).toList();
        assertEquals(5, listed.size());
        for (NearSamples.Cvm cvm : listed) {
            assertHeader(cvm.expected().orElseThrow().getJsonObject("quote"), cvm.quoteHex());
        }
        assertHeader(Captures.expected(DstackSamples.SIMULATOR).getJsonObject("quote"),
                Samples.text("dstack/dstack-simulator/quote.hex"));
        assertHeader(Captures.expected(DstackSamples.PHALA).getJsonObject("quote"),
                Samples.text("dstack/phala-private-ml-sdk-info/app_cert_quote.hex"));
        for (String fixture : List.of(DstackSamples.QUOTE_REPORT, DstackSamples.TDX_LITE)) {
            assertHeader(Captures.expected(fixture).getJsonObject("quote"), Captures.json("dstack/" + fixture).getString("quote"));
        }
    }

    /**
     * Phala's private-ai-verifier quote (no log, no collateral): every field expected-results.json lists, as our
     * parser reads it, attestation key type included; its REPORT_DATA is a 20-byte address padded to 32 and a nonce.
     */
    @Test
    void thePrivateAiVerifierQuoteParsesToTheExpectedResults() throws QuoteFormatException {
        String hex = Samples.text("dstack/private-ai-verifier-quote/intel_quote.hex");
        JsonObject expected = Captures.expected("private-ai-verifier-quote/intel_quote.hex").getJsonObject("quote");
        Quote quote = QuoteParser.parse(Hex.decode(hex.strip()).orElseThrow());
        assertEquals(expected.getInt("att_key_type"), quote.header().attestationKeyType());
        assertHeader(expected, hex);
        TdMeasurements td = TdMeasurements.of(quote);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tee_tcb_svn", td.teeTcbSvn());
        fields.put("mr_seam", td.mrSeam());
        fields.put("mr_signer_seam", td.mrSignerSeam());
        fields.put("seam_attributes", td.seamAttributes());
        fields.put("td_attributes", td.tdAttributes());
        fields.put("xfam", td.xfam());
        fields.put("mr_td", td.mrTd());
        fields.put("mr_config_id", td.mrConfigId());
        fields.put("mr_owner", td.mrOwner());
        fields.put("mr_owner_config", td.mrOwnerConfig());
        for (int i = 0; i < 4; i++) {
            fields.put("rtmr" + i, td.rtmr(i));
        }
        fields.put("report_data", td.reportData());
        Set<String> header = Set.of("version", "att_key_type", "tee_type");
        assertEquals(expected.keySet().stream().filter(k -> !header.contains(k)).collect(Collectors.toSet()), fields.keySet());
        fields.forEach((k, v) -> assertEquals(expected.getString(k), v, k));
        assertEquals("0".repeat(24), td.reportData().substring(40, 64), "a 20-byte address padded to 32 bytes");
    }

    private static void assertHeader(JsonObject expected, String quoteHex) throws QuoteFormatException {
        Quote quote = QuoteParser.parse(Hex.decode(quoteHex.strip()).orElseThrow());
        assertEquals(expected.getInt("version"), quote.version());
        assertEquals(expected.getString("tee_type"), "0x" + Integer.toHexString(quote.teeType().code()));
        if (expected.containsKey("debug")) {
            assertEquals(expected.getBoolean("debug"), TdMeasurements.of(quote).debug());
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
