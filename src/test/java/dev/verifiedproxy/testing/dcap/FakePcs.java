package dev.verifiedproxy.testing.dcap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.quote.TeeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Intel PCS (API v4) / PCCS on 127.0.0.1 serving collateral exactly as Intel does (dcap.md §7):
 * bodies {@code {"tcbInfo":..,"signature":..}} and {@code {"enclaveIdentity":..,"signature":..}} with the
 * signed JSON text verbatim, DER PCK CRLs, and issuer chains as URL-encoded PEM in Intel's header names
 * ({@code TCB-Info-Issuer-Chain}, {@code SGX-Enclave-Identity-Issuer-Chain}, {@code SGX-PCK-CRL-Issuer-Chain}).
 * The root CA CRL is served PCCS-style at {@code /sgx/certification/v4/rootcacrl} as hex text.
 *
 * <pre>
 * try (FakePcs pcs = FakePcs.start()) {
 *     pcs.serve(TeeType.TDX, "B0C06F000000", "platform", collateral);
 *     ... new IntelPcsClient(fetcher, pcs.baseUrl(), ...) ...
 * }
 * </pre>
 */
public final class FakePcs implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-pcs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, QuoteCollateral> tcbInfos = new ConcurrentHashMap<>();
    private final Map<String, QuoteCollateral> qeIdentities = new ConcurrentHashMap<>();
    private final Map<String, QuoteCollateral> pckCrls = new ConcurrentHashMap<>();
    private volatile QuoteCollateral rootCrl;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean v3TcbHeaderName;

    private FakePcs(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakePcs start() {
        return start(0);
    }

    /** On a given port (0: any free one), for servers configured before the test runs. */
    public static FakePcs start(int port) {
        try {
            return new FakePcs(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Serves this collateral for (tee, fmspc) and its CRLs for the PCK CA type ("platform" or
     * "processor"); the QE identity and root CRL become this TEE's / the PKI's current ones.
     */
    public FakePcs serve(TeeType tee, String fmspc, String ca, QuoteCollateral collateral) {
        tcbInfos.put(tee.pcsPath() + "/" + fmspc.toUpperCase(Locale.ROOT), collateral);
        qeIdentities.put(tee.pcsPath(), collateral);
        pckCrls.put(ca, collateral);
        rootCrl = collateral;
        return this;
    }

    /** The next {@code count} requests fail with this status. */
    public FakePcs failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
        return this;
    }

    /** Every answer waits this long first. */
    public FakePcs delay(Duration value) {
        delay = value;
        return this;
    }

    /** Sends the TCB info chain under the API v3 name {@code SGX-TCB-Info-Issuer-Chain}. */
    public FakePcs useV3TcbInfoHeader(boolean v3) {
        v3TcbHeaderName = v3;
        return this;
    }

    /** Paths with query of every request received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public long requestCount(String pathPart) {
        return requests.stream().filter(r -> r.contains(pathPart)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(uri.toString());
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, failureStatus, "text/plain", "injected failure".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            String path = uri.getPath();
            if (path.equals("/sgx/certification/v4/pckcrl")) {
                QuoteCollateral c = pckCrls.get(query.getOrDefault("ca", ""));
                if (c == null || !"der".equals(query.get("encoding"))) {
                    send(exchange, 404, "text/plain", new byte[0]);
                    return;
                }
                exchange.getResponseHeaders().add("SGX-PCK-CRL-Issuer-Chain", urlEncode(c.pckCrlIssuerChain()));
                send(exchange, 200, "application/pkix-crl", c.pckCrl());
            } else if (path.matches("/(sgx|tdx)/certification/v4/tcb")) {
                String tee = path.substring(1, 4);
                QuoteCollateral c = tcbInfos.get(tee + "/" + query.getOrDefault("fmspc", "").toUpperCase(Locale.ROOT));
                if (c == null) {
                    send(exchange, 404, "text/plain", new byte[0]);
                    return;
                }
                exchange.getResponseHeaders().add(v3TcbHeaderName ? "SGX-TCB-Info-Issuer-Chain" : "TCB-Info-Issuer-Chain",
                        urlEncode(c.tcbInfoIssuerChain()));
                send(exchange, 200, "application/json", ("{\"tcbInfo\":" + c.tcbInfo() + ",\"signature\":\""
                        + HexFormat.of().formatHex(c.tcbInfoSignature()) + "\"}").getBytes(StandardCharsets.UTF_8));
            } else if (path.matches("/(sgx|tdx)/certification/v4/qe/identity")) {
                QuoteCollateral c = qeIdentities.get(path.substring(1, 4));
                if (c == null) {
                    send(exchange, 404, "text/plain", new byte[0]);
                    return;
                }
                exchange.getResponseHeaders().add("SGX-Enclave-Identity-Issuer-Chain",
                        urlEncode(c.qeIdentityIssuerChain()));
                send(exchange, 200, "application/json", ("{\"enclaveIdentity\":" + c.qeIdentity()
                        + ",\"signature\":\"" + HexFormat.of().formatHex(c.qeIdentitySignature()) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/sgx/certification/v4/rootcacrl") && rootCrl != null) {
                send(exchange, 200, "text/plain",
                        HexFormat.of().formatHex(rootCrl.rootCaCrl()).getBytes(StandardCharsets.US_ASCII));
            } else {
                send(exchange, 404, "text/plain", new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new ConcurrentHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as Intel PCS does ({@code %20}, {@code %2B}). */
    public static String urlEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
