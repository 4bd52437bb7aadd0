package dev.verifiedproxy.quote;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link QuoteParser}: whatever the bytes, the only exception allowed out is
 * {@link QuoteFormatException}. In the normal test run this replays the regression corpus in
 * {@code src/test/resources/dev/verifiedproxy/quote/QuoteParserFuzzTestInputs/parse/} (forged quotes of
 * every version and body type, and inputs that once found bugs). The long run (README, "Benchmarks and
 * fuzzing"): {@code JAZZER_FUZZ=1 mvn -o test -Dtest=QuoteParserFuzzTest}, one million inputs.
 */
class QuoteParserFuzzTest {

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "2h")
    void parse(byte[] data) {
        try {
            Quote quote = QuoteParser.parse(data);
            // Touch what the verifier reads, so lazy mistakes in the records would surface here too.
            quote.signedRegion().length();
            quote.body().reportData().hex();
            quote.signature().certification().data().length();
        } catch (QuoteFormatException expected) {
            if (expected.problem() == null) {
                throw new IllegalStateException("format exception without a problem", expected);
            }
        }
    }
}
