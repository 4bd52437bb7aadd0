package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Samples;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * The dstack-level samples (event logs with their quotes) of {@code samples/dstack}, read in place.
 * NEAR reports are read through the attestation package's parser in {@link NearSamples}.
 */
final class DstackSamples {

    static final String SIMULATOR = "dstack-simulator/{quote.hex,eventlog.json}";
    static final String QUOTE_REPORT = "dstack-verifier-fixtures/quote-report.json";
    static final String TDX_LITE = "dstack-verifier-fixtures/tdx-lite-getquote.json";
    static final String PHALA = "phala-private-ml-sdk-info/info.json + app_cert_quote.hex";

    private DstackSamples() {
    }

    /** An event log with the quote it was measured into, and the expected-results entry for both. */
    record Sample(EventLog log, TdMeasurements quote, JsonObject expected) {
    }

    static Sample simulator() {
        JsonArray log = JsonInput.array(JsonInput.parse(Samples.bytes("dstack/dstack-simulator/eventlog.json"), 1 << 20, "$"),
                "$", EventLog.MAX_ENTRIES);
        return new Sample(EventLog.parse(log, "$"), Captures.td(Samples.text("dstack/dstack-simulator/quote.hex")),
                Captures.expected(SIMULATOR));
    }

    /** dstack-verifier's input files: {quote, event_log (a JSON string), report_data, vm_config}. */
    static Sample verifierFixture(String key) {
        JsonObject json = Captures.json("dstack/" + key);
        JsonArray log = JsonInput.arrayOrEmbedded(json.get("event_log"), "$.event_log", EventLog.MAX_ENTRIES,
                EventLog.MAX_JSON_CHARS);
        return new Sample(EventLog.parse(log, "$.event_log"), Captures.td(json.getString("quote")), Captures.expected(key));
    }

    static DstackInfo phalaInfo() {
        return DstackInfo.fromJson(Captures.json("dstack/phala-private-ml-sdk-info/info.json"), "$");
    }

    /** The Phala info's tcb_info.event_log with the quote from its RA-TLS certificate. */
    static Sample phala() {
        DstackInfo info = phalaInfo();
        EventLog log = EventLog.parse(info.tcbInfo().orElseThrow().eventLog().orElseThrow(), "$.tcb_info.event_log");
        return new Sample(log, Captures.td(Samples.text("dstack/phala-private-ml-sdk-info/app_cert_quote.hex")),
                Captures.expected(PHALA));
    }
}
