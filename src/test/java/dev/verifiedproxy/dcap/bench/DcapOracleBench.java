package dev.verifiedproxy.dcap.bench;

import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.dcap.DcapVector;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * Our DCAP verifier side by side with Phala's pure-JS {@code @phala/dcap-qvl} 0.3.9 (dcap-tests.md §D) in
 * one run, on the same quote bytes, collateral and instants: first whether both reach the same result on
 * every real vector of §A, then the median cost of TDX v4 and SGX v3 verification and of parsing, as
 * ratios. The Java figures come from {@link DcapBenchmark} run through JMH; the JS figures from the median
 * of in-process calls after a warm-up. Run: {@code mvn -Pbench-dcap test} (README, "Benchmarks and
 * fuzzing"); it installs the npm package into {@code target/dcap-oracle} when absent and writes
 * {@code target/bench/dcap-bench.md}. Not part of {@code mvn verify}: it needs Node.js and the npm
 * registry, and timings belong in benchmarks.
 */
public final class DcapOracleBench {

    private static final String ORACLE_PACKAGE = "@phala/dcap-qvl@0.3.9";
    private static final int SGX_V3 = 1;
    private static final int TDX_V4 = 2;

    private DcapOracleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath();
        Path oracle = work.resolve("dcap-oracle");
        installOracle(oracle);

        Map<String, Double> java = javaMedians();
        Map<Integer, DcapResult> javaResults = new LinkedHashMap<>();
        DcapVerifier verifier = DcapVerifier.withIntelRootCa();
        for (DcapVector v : DcapVector.ALL) {
            javaResults.put(v.id(), verifier.verify(v.quoteBytes(), v.collateralValue(), v.at(), DcapOptions.DEFAULT));
        }
        JsonObject js = runOracle(oracle, Integer.getInteger("bench.js.warmup", 200),
                Integer.getInteger("bench.js.calls", 1000));

        String report = report(java, javaResults, js);
        System.out.println(report);
        Files.createDirectories(work.resolve("bench"));
        Files.writeString(work.resolve("bench/dcap-bench.md"), report);
        if (report.contains("| DISAGREE")) {
            System.exit(1);
        }
    }

    private static void installOracle(Path oracle) throws Exception {
        Files.createDirectories(oracle);
        if (!Files.isDirectory(oracle.resolve("node_modules/@phala/dcap-qvl"))) {
            Files.writeString(oracle.resolve("package.json"), "{\"name\":\"dcap-oracle\",\"private\":true}\n");
            run(oracle, Duration.ofMinutes(5), "npm", "install", "--no-audit", "--no-fund", "--save-exact",
                    ORACLE_PACKAGE);
        }
        try (InputStream script = DcapOracleBench.class.getResourceAsStream("dcap-qvl-oracle.js")) {
            Files.write(oracle.resolve("dcap-qvl-oracle.js"), Objects.requireNonNull(script).readAllBytes());
        }
    }

    /** JMH sample-mode medians of {@link DcapBenchmark}, in microseconds, by method name. */
    private static Map<String, Double> javaMedians() throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(DcapBenchmark.class.getName()
                + ".(verifyTdxV4Cached|verifyTdxV4Uncached|verifySgxV3Cached|verifySgxV3Uncached|parseTdxV4)$");
        options.jvmArgsAppend("-Dsamples.dir=" + Samples.dir().toAbsolutePath());
        Map<String, Double> medians = new LinkedHashMap<>();
        for (RunResult result : new Runner(options.build()).run()) {
            String benchmark = result.getParams().getBenchmark();
            double p50 = result.getPrimaryResult().getStatistics().getPercentile(50);
            medians.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), p50);
        }
        return medians;
    }

    private static JsonObject runOracle(Path oracle, int warmup, int calls) throws Exception {
        JsonArrayBuilder vectors = JSON.createArrayBuilder();
        for (DcapVector v : DcapVector.ALL) {
            vectors.add(JSON.createObjectBuilder().add("id", v.id())
                    .add("quoteHex", HexFormat.of().formatHex(v.quoteBytes()))
                    .add("collateralFile", Samples.path("dcap/" + v.collateral()).toAbsolutePath().toString())
                    .add("now", v.now()).add("bench", v.id() == SGX_V3 || v.id() == TDX_V4));
        }
        Path input = oracle.resolve("input.json");
        Files.writeString(input, JSON.createObjectBuilder().add("warmup", warmup).add("calls", calls)
                .add("vectors", vectors).build().toString());
        String out = run(oracle, Duration.ofMinutes(10), "node", "dcap-qvl-oracle.js", input.toString());
        try (JsonReader reader = JSON.createReader(new StringReader(out))) {
            return reader.readObject();
        }
    }

    private static String run(Path dir, Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed in " + dir);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String report(Map<String, Double> java, Map<Integer, DcapResult> javaResults, JsonObject js) {
        Map<Integer, JsonObject> jsById = new LinkedHashMap<>();
        js.getJsonArray("results").getValuesAs(JsonObject.class).forEach(r -> jsById.put(r.getInt("id"), r));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# DCAP verification: verified-proxy vs @phala/dcap-qvl %s%n%n"
                        + "%d cores, Java %s, Node.js %s. One run, Java first (JMH sample mode, median), then JS "
                        + "(median of in-process calls after a warm-up).%n%n",
                js.getString("oracle"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), js.getString("node")));

        out.append("## Results on the real vectors (dcap-tests.md §A)\n\n"
                + "| vector | expected | verified-proxy | @phala/dcap-qvl | |\n|---|---|---|---|---|\n");
        for (DcapVector v : DcapVector.ALL) {
            DcapResult ours = javaResults.get(v.id());
            JsonObject theirs = jsById.get(v.id());
            boolean expectedOk = v.status() != null;
            boolean oursAgrees = expectedOk
                    ? ours.verified() && ours.status().text().equals(v.status()) && ours.advisoryIds().equals(v.advisoryIds())
                    : !ours.verified() && ours.failure().name().equals(v.failure());
            boolean theirsAgrees = expectedOk
                    ? theirs.getBoolean("ok") && theirs.getString("status").equals(v.status())
                    && strings(theirs).equals(v.advisoryIds())
                    : !theirs.getBoolean("ok") && theirs.getString("error").contains(oracleMessage(v.failure()));
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", v,
                    expectedOk ? v.status() + " " + v.advisoryIds() : v.failure(),
                    ours.verified() ? ours.status().text() + " " + ours.advisoryIds() : ours.failure(),
                    theirs.getBoolean("ok") ? theirs.getString("status") + " " + strings(theirs)
                            : "error: " + theirs.getString("error"),
                    oursAgrees && theirsAgrees ? "agree" : "DISAGREE"));
        }

        JsonObject jsTdx = jsById.get(TDX_V4);
        JsonObject jsSgx = jsById.get(SGX_V3);
        out.append("\n## Median cost per call (µs)\n\n"
                + "| operation | verified-proxy | @phala/dcap-qvl | JS / Java |\n|---|---|---|---|\n");
        row(out, "TDX v4 verify, collateral cached (steady state)", java.get("verifyTdxV4Cached"), jsTdx, "verifyMedianMicros");
        row(out, "TDX v4 verify, nothing cached", java.get("verifyTdxV4Uncached"), jsTdx, "verifyMedianMicros");
        row(out, "SGX v3 verify, collateral cached", java.get("verifySgxV3Cached"), jsSgx, "verifyMedianMicros");
        row(out, "SGX v3 verify, nothing cached", java.get("verifySgxV3Uncached"), jsSgx, "verifyMedianMicros");
        row(out, "TDX v4 parse only", java.get("parseTdxV4"), jsTdx, "parseMedianMicros");
        out.append("\n@phala/dcap-qvl keeps nothing between calls: every call re-checks chains, CRLs and "
                + "collateral signatures, so \"nothing cached\" is the like-for-like Java figure and \"cached\" "
                + "is what the proxy pays per quote once the collateral of an FMSPC is prepared.\n");
        return out.toString();
    }

    /** dcap-qvl's error text for one of our failures: a failure only agrees when it fails the same way. */
    private static String oracleMessage(String failure) {
        return switch (failure) {
            case "NO_MATCHING_TCB_LEVEL" -> "No matching TCB level found";
            default -> throw new IllegalStateException("no dcap-qvl message known for " + failure);
        };
    }

    private static void row(StringBuilder out, String label, Double javaMicros, JsonObject js, String key) {
        double jsMicros = js.getJsonNumber(key).doubleValue();
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1fx |%n", label, javaMicros, jsMicros,
                jsMicros / javaMicros));
    }

    private static List<String> strings(JsonObject result) {
        List<String> ids = new ArrayList<>();
        result.getJsonArray("advisoryIds").getValuesAs(JsonString.class).forEach(s -> ids.add(s.getString()));
        return ids;
    }
}
