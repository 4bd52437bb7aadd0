package dev.verifiedproxy.dcap.bench;

import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.quote.Quote;
import dev.verifiedproxy.quote.QuoteFormatException;
import dev.verifiedproxy.quote.QuoteParser;
import dev.verifiedproxy.testing.dcap.DcapVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * DCAP verification cost on the real vectors (README, "Benchmarks and fuzzing"): full TDX v4 verification
 * with cached collateral (the proxy's steady state), the same without any cache (first quote after a
 * collateral refresh), SGX v3 both ways, and parse only. {@link DcapOracleBench} runs these side by side
 * with Phala's JS verifier. Run: {@code mvn -o -Pbench test}. Sample mode, so JMH
 * prints the median (p0.50) per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DcapBenchmark {

    private DcapVerifier verifier;
    private byte[] tdxQuote;
    private QuoteCollateral tdxCollateral;
    private Instant tdxAt;
    private byte[] sgxQuote;
    private QuoteCollateral sgxCollateral;
    private Instant sgxAt;

    @Setup
    public void setUp() {
        DcapVector sgx = DcapVector.ALL.get(0);
        DcapVector tdx = DcapVector.ALL.get(1);
        verifier = DcapVerifier.withIntelRootCa();
        tdxQuote = tdx.quoteBytes();
        tdxCollateral = tdx.collateralValue();
        tdxAt = tdx.at();
        sgxQuote = sgx.quoteBytes();
        sgxCollateral = sgx.collateralValue();
        sgxAt = sgx.at();
        if (!verifyTdxV4Cached().verified() || !verifySgxV3Cached().verified() || !verifyTdxV4Uncached().verified()) {
            throw new IllegalStateException("the benchmark vectors must verify");
        }
    }

    @Benchmark
    public DcapResult verifyTdxV4Cached() {
        return verifier.verify(tdxQuote, tdxCollateral, tdxAt, DcapOptions.DEFAULT);
    }

    @Benchmark
    public DcapResult verifyTdxV4Uncached() {
        // A fresh verifier has no prepared collateral: every chain, CRL and JSON signature is checked again.
        return new DcapVerifier(verifier.trustAnchor()).verify(tdxQuote, tdxCollateral, tdxAt, DcapOptions.DEFAULT);
    }

    @Benchmark
    public DcapResult verifySgxV3Cached() {
        return verifier.verify(sgxQuote, sgxCollateral, sgxAt, DcapOptions.DEFAULT);
    }

    @Benchmark
    public DcapResult verifySgxV3Uncached() {
        return new DcapVerifier(verifier.trustAnchor()).verify(sgxQuote, sgxCollateral, sgxAt, DcapOptions.DEFAULT);
    }

    @Benchmark
    public Quote parseTdxV4() throws QuoteFormatException {
        return QuoteParser.parse(tdxQuote);
    }
}
