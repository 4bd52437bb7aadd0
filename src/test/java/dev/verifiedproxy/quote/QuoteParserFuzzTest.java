package dev.verifiedproxy.quote;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verifiedproxy.testing.dcap.FuzzCorpus;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@link QuoteParser}: whatever the bytes, the only exception allowed out is
 * {@link QuoteFormatException}. In the normal test run this replays the regression corpus in
 * {@code src/test/resources/dev/verifiedproxy/quote/QuoteParserFuzzTestInputs/parse/} (forged quotes of
 * every version and body type, 5,006-byte ones laid out like the real TDX quotes, a 16 KiB one that lifts
 * libFuzzer's input length limit, and inputs that once found bugs). When fuzzing, the real quotes of
 * {@code ../shared/samples/dcap} are added to the working corpus ({@link FuzzCorpus}). The long run (README,
 * "Benchmarks and fuzzing"): {@code JAZZER_FUZZ=1 mvn -o test -Dtest=QuoteParserFuzzTest
 * -DargLine="-Djazzer.hooks=true -Djazzer.instrumentation_includes=dev.verifiedproxy.quote.**"}, one million
 * inputs (the hooks carry the coverage instrumentation; {@code junit-platform.properties} turns them off for
 * the quick replay).
 */
class QuoteParserFuzzTest {

    @BeforeAll
    static void realQuotesWhenFuzzing() {
        if (FuzzCorpus.fuzzing()) {
            FuzzCorpus.seedFromSamples(QuoteParserFuzzTest.class, "parse", FuzzCorpus.realQuotes());
        }
    }

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
