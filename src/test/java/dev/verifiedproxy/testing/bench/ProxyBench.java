package dev.verifiedproxy.testing.bench;

import dev.verifiedproxy.testing.backend.SimulatedNearCloud;
import dev.verifiedproxy.testing.backend.SimulatedTeeBackend;
import dev.verifiedproxy.testing.run.EmbeddedTomcat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code mvn -Pbench-proxy}: measures verified-proxy against calling the simulated NEAR CVM
 * directly, side by side in one run, on loopback:
 * <ol>
 *   <li>added latency of a small JSON request (p50, p99), proxy with its verified keep-alive pool
 *       versus the backend directly over keep-alive TLS;</li>
 *   <li>the same through a proxy that keeps no connection (a new TLS connection per request, the
 *       reference design's behaviour; the key stays verified, so no re-attestation);</li>
 *   <li>SSE events per second of one fast stream, proxy versus direct;</li>
 *   <li>1,000 concurrent streams through a proxy limited to 512 MiB of heap: errors, time, and the
 *       proxy process's peak resident memory.</li>
 * </ol>
 * Each proxy is the real {@code verified-proxy-tomcat.war} in an embedded Tomcat in its own JVM.
 * Results go to stdout and {@code target/bench/proxy-bench.md}. Latency rounds alternate between
 * the compared paths so that drift of the shared 2-core machine hits both alike.
 */
public final class ProxyBench {

    private static final String MODEL = "bench/model";
    private static final String DOMAIN = "bench.completions.near.ai";
    private static final String SMALL_CHAT = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private ProxyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args[0]).toAbsolutePath();
        String tomcatClasspath = args[1];
        int rounds = Integer.getInteger("bench.rounds", 10);
        int perRound = Integer.getInteger("bench.requests", 500);
        int streams = Integer.getInteger("bench.streams", 1000);
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");

        Path work = war.getParent().resolve("bench");
        try (SimulatedNearCloud cloud = SimulatedNearCloud.start(work, 0, 0, List.of(new SimulatedNearCloud.Model(MODEL, DOMAIN, 1, 0)))) {
            SimulatedTeeBackend backend = cloud.backend(MODEL);
            backend.attestationDelay(Duration.ZERO).eventInterval(Duration.ZERO);
            Proxy pooled = Proxy.start(war, tomcatClasspath, cloud, 18991, Map.of());
            Proxy unpooled = Proxy.start(war, tomcatClasspath, cloud, 18992,
                    Map.of("VERIFIEDPROXY_POOL_MAX_IDLE_PER_DOMAIN", "0"));
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustAll())
                        .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(64)).build();
                URI direct = URI.create("https://127.0.0.1:" + backend.port() + "/v1/chat/completions");
                URI viaPooled = pooled.uri("/v1/chat/completions");
                URI viaUnpooled = unpooled.uri("/v1/chat/completions");

                // Warm up every path (JIT, pools, the one attestation per proxy).
                for (URI uri : List.of(direct, viaPooled, viaUnpooled)) {
                    latencies(client, uri, 1000);
                }
                URI health = pooled.uri("/health");
                latencies(client, health, 1000);
                List<Long> directNs = new ArrayList<>();
                List<Long> pooledNs = new ArrayList<>();
                List<Long> unpooledNs = new ArrayList<>();
                List<Long> healthNs = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    directNs.addAll(latencies(client, direct, perRound));
                    pooledNs.addAll(latencies(client, viaPooled, perRound));
                    unpooledNs.addAll(latencies(client, viaUnpooled, perRound / 5));
                    healthNs.addAll(latencies(client, health, perRound));
                }
                if (Boolean.getBoolean("bench.latencyOnly")) {
                    System.out.printf(Locale.ROOT, "direct p50 %.3f, proxy p50 %.3f, proxy /health p50 %.3f ms%n",
                            percentile(directNs, 50), percentile(pooledNs, 50), percentile(healthNs, 50));
                    return;
                }
                double directRate = sseRate(client, direct, 3);
                double proxyRate = sseRate(client, viaPooled, 3);
                long attestationsBefore = backend.attestationRequests();
                backend.resetPeakOpenStreams();
                ConcurrentResult concurrent = concurrentStreams(client, pooled.uri("/v1/chat/completions"), streams);
                int peakOpen = backend.peakOpenStreams();
                long peakRssKib = pooled.peakRssKib();

                String report = report(directNs, pooledNs, unpooledNs, healthNs, directRate, proxyRate, concurrent,
                        peakRssKib, streams, peakOpen, backend.attestationRequests() - attestationsBefore);
                System.out.println(report);
                Files.createDirectories(work);
                Files.writeString(work.resolve("proxy-bench.md"), report);
            } finally {
                pooled.stop();
                unpooled.stop();
            }
        }
        System.exit(0);
    }

    private static List<Long> latencies(HttpClient client, URI uri, int count) throws Exception {
        List<Long> samples = new ArrayList<>(count);
        HttpRequest request = uri.getPath().equals("/health") ? HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build()
                : HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SMALL_CHAT)).timeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            samples.add(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
        }
        return samples;
    }

    /** Events per second of one stream of 20,000 events sent as fast as the backend can. */
    private static double sseRate(HttpClient client, URI uri, int repeats) throws Exception {
        int events = 20_000;
        double best = 0;
        for (int i = 0; i < repeats; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"stream\":true,\"n_events\":"
                            + events + "}")).timeout(Duration.ofMinutes(5)).build();
            long start = System.nanoTime();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int received = countEvents(response.body());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received != events + 1) {
                throw new IllegalStateException(uri + ": " + received + " events instead of " + (events + 1));
            }
            best = Math.max(best, received / seconds);
        }
        return best;
    }

    private static int countEvents(InputStream body) throws IOException {
        int events = 0;
        byte[] buffer = new byte[64 * 1024];
        int previous = 0;
        try (body) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n' && previous == '\n') {
                        events++;
                    }
                    previous = buffer[i];
                }
            }
        }
        return events;
    }

    private record ConcurrentResult(int ok, int errors, double seconds, String firstError) {
    }

    /** {@code count} streams of 20 events, 500 ms apart: long enough (10 s) for all of them to be open at once. */
    private static ConcurrentResult concurrentStreams(HttpClient client, URI uri, int count) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(count, 1000));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> firstError = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"stream\":true,\"n_events\":20,"
                        + "\"interval_ms\":500}")).timeout(Duration.ofMinutes(3)).build();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    int events = countEvents(response.body());
                    if (response.statusCode() == 200 && events == 21) {
                        ok.incrementAndGet();
                    } else {
                        fail(errors, firstError, "status " + response.statusCode() + ", " + events + " events");
                    }
                } catch (Exception e) {
                    fail(errors, firstError, e.toString());
                }
            }, readers));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        readers.shutdown();
        return new ConcurrentResult(ok.get(), errors.get(), (System.nanoTime() - start) / 1e9,
                firstError.isEmpty() ? "" : firstError.get(0));
    }

    private static synchronized void fail(AtomicInteger errors, List<String> firstError, String what) {
        errors.incrementAndGet();
        if (firstError.isEmpty()) {
            firstError.add(what);
        }
    }

    private static String report(List<Long> direct, List<Long> pooled, List<Long> unpooled, List<Long> health,
                                 double directRate,
                                 double proxyRate, ConcurrentResult concurrent, long peakRssKib, int streams,
                                 int peakOpen, long extraAttestations) {
        double d50 = percentile(direct, 50);
        double d99 = percentile(direct, 99);
        double p50 = percentile(pooled, 50);
        double p99 = percentile(pooled, 99);
        double u50 = percentile(unpooled, 50);
        double u99 = percentile(unpooled, 99);
        return String.format(Locale.ROOT, """
                # verified-proxy benchmark (loopback, %d cores, Java %s)

                Small JSON chat completion, sequential, %d samples per path (milliseconds):

                | path | p50 | p99 |
                |---|---|---|
                | backend directly (keep-alive TLS) | %.3f | %.3f |
                | through the proxy (verified keep-alive pool) | %.3f | %.3f |
                | through the proxy, new TLS connection per request (reference design) | %.3f | %.3f |
                | the proxy's own GET /health (server + JAX-RS baseline, no backend) | %.3f | %.3f |

                Added by the proxy: p50 %+.3f ms, p99 %+.3f ms. Connection per request costs %.1fx the pooled p50.

                SSE, one stream of 20,000 events: direct %.0f events/s, proxy %.0f events/s (%.0f%% of direct).

                %d concurrent streams (20 events, 500 ms apart) through a proxy with -Xmx512m: %d complete,
                %d errors%s, %.1f s wall time, at most %d streams open at the backend at once,
                proxy peak RSS %.0f MiB, %d extra attestations.
                """, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), direct.size(),
                d50, d99, p50, p99, u50, u99, percentile(health, 50), percentile(health, 99), p50 - d50, p99 - d99, u50 / p50, directRate, proxyRate,
                100 * proxyRate / directRate, streams, concurrent.ok(), concurrent.errors(),
                concurrent.firstError().isEmpty() ? "" : " (first: " + concurrent.firstError() + ")",
                concurrent.seconds(), peakOpen, peakRssKib / 1024.0, extraAttestations);
    }

    private static double percentile(List<Long> samplesNs, double percentile) {
        long[] sorted = samplesNs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static SSLContext trustAll() throws Exception {
        // The direct path needs no attestation to be measured; the proxy path does all the verifying.
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }

    /** One proxy JVM: the WAR on embedded Tomcat, 512 MiB heap, configured for the simulated cloud. */
    private record Proxy(Process process, int port) {

        static Proxy start(Path war, String tomcatClasspath, SimulatedNearCloud cloud, int port,
                           Map<String, String> extra) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", tomcatClasspath, EmbeddedTomcat.class.getName(), war.toString());
            builder.environment().keySet().removeIf(name -> name.startsWith("VERIFIEDPROXY_"));
            builder.environment().putAll(cloud.proxyEnvironment());
            builder.environment().putAll(extra);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("TOMCAT_MAX_THREADS", "1100");
            builder.redirectErrorStream(true).redirectOutput(war.getParent().resolve("bench-proxy-" + port + ".log").toFile());
            Proxy proxy = new Proxy(builder.start(), port);
            HttpClient probe = HttpClient.newHttpClient();
            for (int i = 0; i < 240; i++) {
                try {
                    if (probe.send(HttpRequest.newBuilder(proxy.uri("/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return proxy;
                    }
                } catch (IOException notYet) {
                    // Still starting.
                }
                if (!proxy.process().isAlive()) {
                    throw new IllegalStateException("proxy on port " + port + " exited; see target/bench-proxy-" + port + ".log");
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("proxy on port " + port + " did not start in 2 minutes");
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** VmHWM of the proxy process (Linux), in KiB; 0 where unavailable. */
        long peakRssKib() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D+", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }

        void stop() {
            process.destroy();
        }
    }
}
