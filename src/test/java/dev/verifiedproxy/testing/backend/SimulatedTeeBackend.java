package dev.verifiedproxy.testing.backend;

import dev.verifiedproxy.e2ee.E2eeEndpoint;
import dev.verifiedproxy.e2ee.E2eeException;
import dev.verifiedproxy.e2ee.E2eeFailure;
import dev.verifiedproxy.e2ee.E2eeHeaders;
import dev.verifiedproxy.e2ee.E2eePrivateKey;
import dev.verifiedproxy.e2ee.E2eeSession;
import dev.verifiedproxy.eventlog.ActionsHash;
import dev.verifiedproxy.eventlog.DstackDerivations;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.quote.QuoteFormatException;
import dev.verifiedproxy.quote.QuoteParser;
import dev.verifiedproxy.signature.SignatureKind;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.dcap.QuoteForge;
import dev.verifiedproxy.testing.dcap.TdReportSpec;
import dev.verifiedproxy.testing.e2ee.NearE2eeServer;
import dev.verifiedproxy.testing.nras.FakeGpuEvidence;
import dev.verifiedproxy.testing.signature.TeeSigningKeys;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import org.bouncycastle.util.encoders.Hex;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A NEAR AI model CVM (or the gateway) on 127.0.0.1, over real TLS, for tests and the demo
 * (architecture.md §6). It answers {@code /v1/attestation/report} with a quote forged by the test
 * PKI that binds its signing key, the SPKI of the TLS key the connection uses and the caller's
 * nonce, exactly as NEAR's inference proxy does; serves chat completions and completions (JSON and
 * SSE), embeddings ({@link SimulatedAnswers}), models and an echo endpoint; can put several CVMs (TLS keys) behind one port, rotate a key, and
 * misbehave on demand. It counts the bytes of client requests that arrive on a connection
 * before its TLS key was proved by a good report: for a correct proxy that stays zero.
 *
 * <p>Like inference-proxy it signs every completed chat answer with its {@link TeeSigningKeys}
 * ({@code "{model}:{sha256(request)}:{sha256(answer)}"} over the exact bytes, EIP-191 or Ed25519)
 * and keeps the signature in the memory of the CVM that answered, served at
 * {@code GET /v1/signature/{id}} by that CVM only; and it speaks E2EE like the real server
 * ({@link NearE2eeServer}): request fields decrypted, answer fields and SSE deltas encrypted to
 * the client key (with {@code X-Encrypt-All-Fields} also tool calls and logprobs, which it
 * produces when the request defines tools or asks for logprobs), the signature then covering the
 * encrypted bytes. The gateway shape has keys of
 * its own, and can sign two-part texts as the gateway ({@link #gatewaySigned}).
 *
 * <p>Like NEAR's gateway, the gateway shape attests only the model named in the report request
 * ({@code &model=}; none without it; 503 for a model it does not serve), and can serve several
 * models ({@link #serveModel}), each with its own signing keys: a chat request is answered, signed
 * and E2EE-decrypted as its body's model. There, a byte before proof is also any byte of a request
 * naming a model whose attestation was not yet served over that TLS key.
 *
 * <p>Its model report carries what the full verdict checks: GPU evidence for the caller's nonce from
 * forged GPUs ({@link FakeGpuEvidence}, appraised by a {@code FakeNras}), {@code info} with
 * {@code mr_aggregated} and a {@code vm_config} naming the GPUs, and a compose-manager attestation
 * whose quote binds its action log and the nonce.
 */
public final class SimulatedTeeBackend implements AutoCloseable {

    /** Ways the backend can deviate from NEAR's protocol. */
    public enum Misbehaviour {
        NONE,
        /** The report binds the SPKI of a different key than the connection's. */
        WRONG_SPKI,
        /** The quote and request_nonce carry another nonce than the caller's. */
        STALE_NONCE,
        /** report_data holds the padded address only, not binding the TLS key. */
        UNBOUND_REPORT_DATA,
        /** The quote's signature does not verify. */
        INVALID_QUOTE,
        /** The TD has its DEBUG attribute set. */
        DEBUG_TD,
        /**
         * The quote's TEE TCB SVN is one below {@link #UP_TO_DATE_TEE_TCB_SVN}: a platform whose TCB
         * level is OutOfDate under the collateral {@link SimulatedNearCloud} serves.
         */
        OUT_OF_DATE_TCB,
        /** The report endpoint answers 500. */
        ATTESTATION_ERROR,
        /** The report endpoint takes longer than any sane timeout. */
        ATTESTATION_TIMEOUT,
        /** The report is larger than 5 MiB. */
        OVERSIZED_REPORT,
        /** A correct report, but the connection is closed right after it. */
        CLOSE_AFTER_REPORT,
        /** Chat answers are signed by another key than the attested one (an impostor). */
        WRONG_SIGNATURE,
        /** Chat answers are signed by the attested key, naming another model. */
        WRONG_SIGNED_MODEL,
        /** Encrypted answer fields are altered after encryption. */
        E2EE_TAMPERED_CIPHERTEXT,
        /** Answer fields are encrypted to another client key than the one the request named. */
        E2EE_WRONG_KEY,
        /** One GPU signed another nonce than the caller's (the payload still names the caller's). */
        GPU_NONCE_SPLICED,
        /** compose-manager's quote binds another action log than the one reported. */
        COMPOSE_MANAGER_UNBOUND,
        /** Gateway shape: asked for a model's report, answers with another model's attestation. */
        GATEWAY_OTHER_MODEL,
        /** Gateway shape: asked for a model's report, answers with the gateway's attestation only. */
        GATEWAY_NO_MODEL_ATTESTATION
    }

    /** The report layout: a model CVM's own (direct) or the gateway's. */
    public enum Shape { DIRECT, GATEWAY }

    /** The TEE TCB SVN of this backend's quotes (TDX module 1.x, SVN 3; TCB component 2 at 2). */
    public static final byte[] UP_TO_DATE_TEE_TCB_SVN = Hex.decode("03010200000000000000000000000000");

    /** Misbehaviours after which a report still proves the key (they concern what comes later). */
    private static final Set<String> PROVING_MISBEHAVIOURS = Set.of("NONE", "CLOSE_AFTER_REPORT", "WRONG_SIGNATURE",
            "WRONG_SIGNED_MODEL", "E2EE_TAMPERED_CIPHERTEXT", "E2EE_WRONG_KEY");
    /** inference-proxy keeps 10 000 signatures per process (protocol.md §6.5). */
    private static final int SIGNATURES_PER_CVM = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A chat answer's signed text, kept in the memory of the CVM that produced it. */
    private record StoredSignature(String text, TeeSigningKeys signer, Optional<SignatureKind> kind, long availableAtMillis) {
    }

    private final QuoteForge forge;
    private final String modelName;
    private final Shape shape;
    private final byte[] mrTd = randomBytes(48);
    private final DstackMeasurements measurements;
    private final TeeSigningKeys keys = TeeSigningKeys.generate(RANDOM);
    /** Gateway shape: every model it serves, with its signing keys (the first is {@link #modelName}'s). */
    private final Map<String, TeeSigningKeys> models = new ConcurrentHashMap<>();
    private final TeeSigningKeys gatewayKeys = TeeSigningKeys.generate(RANDOM);
    private final TeeSigningKeys impostor = TeeSigningKeys.generate(RANDOM);
    private final Map<Integer, Map<String, StoredSignature>> signatures = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> signatureRequestsPerCvm = new ConcurrentHashMap<>();
    private final AtomicLong signaturesServed = new AtomicLong();
    private volatile Duration signatureDelay = Duration.ZERO;
    private volatile boolean gatewaySigned;
    private volatile byte[] lastChatBody = new byte[0];
    private volatile Map<String, String> lastChatHeaders = Map.of();
    private volatile String lastPrompt;
    private volatile byte[] lastRequestBody = new byte[0];
    private volatile Map<String, String> lastRequestHeaders = Map.of();
    private volatile JsonObject lastModelRequest;
    private final List<TlsIdentity> cvms = new ArrayList<>();
    private final SSLServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "simulated-tee-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger nextCvm = new AtomicInteger();
    private final Set<String> provenKeys = ConcurrentHashMap.newKeySet();
    /** Gateway shape: "TLS key hex + space + model" whose model attestation was served over that key. */
    private final Set<String> provenModels = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> reportsPerModel = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Integer>> acks = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong attestationRequests = new AtomicLong();
    private final AtomicLong otherRequests = new AtomicLong();
    private final AtomicLong bytesBeforeProof = new AtomicLong();
    private final Map<Integer, AtomicLong> handshakesPerCvm = new ConcurrentHashMap<>();
    private volatile Misbehaviour misbehaviour = Misbehaviour.NONE;
    private volatile Duration attestationDelay = Duration.ofMillis(20);
    private volatile Duration eventInterval = Duration.ofMillis(50);
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger peakOpenStreams = new AtomicInteger();
    private volatile boolean debugTd;
    private FakeGpuEvidence gpus;
    private volatile String requiredApiKey;
    private volatile String rateLimitedApiKey;
    private volatile CountDownLatch reportGate;
    private volatile Map<String, String> lastReportHeaders = Map.of();
    private final AtomicLong reportsWithAuthorization = new AtomicLong();
    /** The CA that issues the CVMs' certificates and the names they are for; null: self-signed (the default). */
    private TlsTestCa tlsIssuer;
    private String[] tlsNames;
    private volatile boolean running = true;

    private SimulatedTeeBackend(QuoteForge forge, String modelName, Shape shape, int cvmCount, int port) throws IOException {
        this.forge = forge;
        this.modelName = modelName;
        this.shape = shape;
        this.measurements = DstackMeasurements.generate(modelName);
        models.put(modelName, keys);
        for (int i = 0; i < cvmCount; i++) {
            cvms.add(newIdentity(i));
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new RotatingKeyManager(this::chooseCvm, this::identity)}, null, new SecureRandom());
            server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, 200,
                    InetAddress.getLoopbackAddress());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        threads.execute(this::acceptLoop);
    }

    /** A direct-mode model CVM with one TLS key on a free port. */
    public static SimulatedTeeBackend start(QuoteForge forge, String modelName) {
        return start(forge, modelName, Shape.DIRECT, 1, 0);
    }

    /** @param cvmCount TLS keys behind the port (connections alternate between them, like NEAR's L4 router) */
    public static SimulatedTeeBackend start(QuoteForge forge, String modelName, Shape shape, int cvmCount, int port) {
        try {
            return new SimulatedTeeBackend(forge, modelName, shape, cvmCount, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the simulated TEE backend", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String modelName() {
        return modelName;
    }

    public SimulatedTeeBackend misbehave(Misbehaviour value) {
        misbehaviour = value;
        return this;
    }

    /** Reports are answered only to {@code Authorization: Bearer <key>} (like NEAR's gateway), or to anyone (null). */
    public SimulatedTeeBackend requireApiKey(String key) {
        requiredApiKey = key;
        return this;
    }

    /** Report requests with {@code Authorization: Bearer <key>} are answered 429, as a rate-limited key is (null: none). */
    public SimulatedTeeBackend rateLimitApiKey(String key) {
        rateLimitedApiKey = key;
        return this;
    }

    /** Report requests wait for {@code gate} before they are answered (null: they do not), to order concurrent tests. */
    public SimulatedTeeBackend holdReports(CountDownLatch gate) {
        reportGate = gate;
        return this;
    }

    /** Headers of the last report request, names in lower case (empty before one). */
    public Map<String, String> lastReportHeaders() {
        return lastReportHeaders;
    }

    /** Report requests that carried an {@code Authorization} header: a model CVM's never should. */
    public long reportsWithAuthorization() {
        return reportsWithAuthorization.get();
    }

    /** The GPUs whose evidence model reports carry (default: two forged Hopper GPUs under a root of their own). */
    public synchronized SimulatedTeeBackend gpuEvidence(FakeGpuEvidence value) {
        gpus = value;
        return this;
    }

    public synchronized FakeGpuEvidence gpuEvidence() {
        if (gpus == null) {
            gpus = FakeGpuEvidence.hopper(2);
        }
        return gpus;
    }

    public SimulatedTeeBackend debugTd(boolean value) {
        debugTd = value;
        return this;
    }

    public SimulatedTeeBackend attestationDelay(Duration value) {
        attestationDelay = value;
        return this;
    }

    /** Pause between SSE events of a streamed completion. */
    public SimulatedTeeBackend eventInterval(Duration value) {
        eventInterval = value;
        return this;
    }

    /** Replaces a CVM's TLS key (certificate renewal without --reuse-key); later connections use the new one. */
    public synchronized void rotateKey(int cvm) {
        cvms.set(cvm, newIdentity(cvm));
    }

    /**
     * Gives every CVM a new TLS key with a certificate {@code ca} issues for {@code dnsNames}, as a WebPKI CA issues
     * NEAR's (later rotations keep to it); null for self-signed certificates again. Later connections use them.
     */
    public synchronized SimulatedTeeBackend tlsCertificates(TlsTestCa ca, String... dnsNames) {
        tlsIssuer = ca;
        tlsNames = dnsNames.clone();
        for (int i = 0; i < cvms.size(); i++) {
            cvms.set(i, newIdentity(i));
        }
        return this;
    }

    private synchronized TlsIdentity newIdentity(int cvm) {
        return tlsIssuer == null ? TlsIdentity.generate("cvm-" + cvm + ".completions.near.ai") : tlsIssuer.issue(tlsNames);
    }

    public synchronized byte[] spki(int cvm) {
        return cvms.get(cvm).spkiSha256();
    }

    /** The attested key of the given algorithm ({@code ecdsa} or {@code ed25519}), or null for another name. */
    public SigningIdentity signingIdentity(String algo) {
        return SigningAlgo.fromWire(algo).filter(a -> a.wireName().equals(algo)).map(a -> SigningIdentity.of(keys, a))
                .orElse(null);
    }

    /** The model's keys: they sign its answers, and E2EE encrypts to them. */
    public TeeSigningKeys signingKeys() {
        return keys;
    }

    /** Gateway shape: serve another model too, with signing keys of its own. */
    public SimulatedTeeBackend serveModel(String name) {
        if (shape != Shape.GATEWAY) {
            throw new IllegalStateException("a model CVM serves one model; only the gateway routes to several");
        }
        models.putIfAbsent(name, TeeSigningKeys.generate(RANDOM));
        return this;
    }

    /** The keys of a model the gateway serves (sign its answers, take its E2EE), or null for another name. */
    public TeeSigningKeys signingKeys(String model) {
        return models.get(model);
    }

    /** A served model's attested key of the given algorithm. */
    public SigningIdentity signingIdentity(String model, String algo) {
        return SigningIdentity.of(models.get(model), SigningAlgo.fromWire(algo).orElseThrow());
    }

    /**
     * Report requests that asked for {@code model} ({@code &model=}), or, for null, that asked for none (the
     * gateway's own attestation only; every request to a model CVM).
     */
    public long attestationRequests(String model) {
        return reportsPerModel.computeIfAbsent(model == null ? "" : model, k -> new AtomicLong()).get();
    }

    /** The gateway shape's own keys (gateway_attestation, gateway-signed texts). */
    public TeeSigningKeys gatewaySigningKeys() {
        return gatewayKeys;
    }

    /** Signatures answer 404 until this long after the answer (NEAR stores them once the stream has ended). */
    public SimulatedTeeBackend signatureDelay(Duration value) {
        signatureDelay = value;
        return this;
    }

    /** Gateway shape: sign answers as the gateway ({@code "{req}:{resp}"}, {@code signature_kind: gateway}). */
    public SimulatedTeeBackend gatewaySigned(boolean value) {
        gatewaySigned = value;
        return this;
    }

    /** {@code GET /v1/signature/…} requests that reached the given CVM. */
    public long signatureRequests(int cvm) {
        return signatureRequestsPerCvm.computeIfAbsent(cvm, k -> new AtomicLong()).get();
    }

    /** Signature documents served (status 200). */
    public long signaturesServed() {
        return signaturesServed.get();
    }

    /** The body of the last chat request exactly as it arrived (ciphertext under E2EE). */
    public byte[] lastChatBody() {
        return lastChatBody.clone();
    }

    /** Headers of the last chat request, names in lower case. */
    public Map<String, String> lastChatHeaders() {
        return lastChatHeaders;
    }

    /** The content of the last user message as the model read it (after E2EE decryption). */
    public String lastPrompt() {
        return lastPrompt;
    }

    /** The body of the last chat, completions or embeddings request exactly as it arrived. */
    public byte[] lastRequestBody() {
        return lastRequestBody.clone();
    }

    /** Headers of the last chat, completions or embeddings request, names in lower case. */
    public Map<String, String> lastRequestHeaders() {
        return lastRequestHeaders;
    }

    /** The last chat, completions or embeddings request as the model read it (after E2EE decryption); null before one. */
    public JsonObject lastModelRequest() {
        return lastModelRequest;
    }

    public DstackMeasurements measurements() {
        return measurements;
    }

    public long connections() {
        return connections.get();
    }

    public long attestationRequests() {
        return attestationRequests.get();
    }

    /** The most SSE answers this backend was streaming at the same time since {@link #resetPeakOpenStreams}. */
    public int peakOpenStreams() {
        return peakOpenStreams.get();
    }

    public void resetPeakOpenStreams() {
        peakOpenStreams.set(openStreams.get());
    }

    /** Requests other than attestation reports (chat, models, echo...). */
    public long otherRequests() {
        return otherRequests.get();
    }

    /** Bytes of client requests that reached this backend on a connection whose key was not yet proved. */
    public long bytesBeforeProof() {
        return bytesBeforeProof.get();
    }

    public long handshakes(int cvm) {
        return handshakesPerCvm.computeIfAbsent(cvm, k -> new AtomicLong()).get();
    }

    /**
     * Lets the ack-gated stream {@code id} produce event {@code index + 1}. A request with header
     * {@code X-Test-Stream-Id: id} streams its events only as they are acknowledged, proving
     * that each reached the client before the next existed.
     */
    public void ack(String streamId, int index) {
        acks.computeIfAbsent(streamId, k -> new LinkedBlockingQueue<>()).add(index);
    }

    // ------------------------------------------------------------------------------------ server

    private synchronized int chooseCvm() {
        return Math.floorMod(nextCvm.getAndIncrement(), cvms.size());
    }

    private synchronized TlsIdentity identity(int cvm) {
        return cvms.get(cvm);
    }

    private void acceptLoop() {
        while (running) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (running) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            Certificate local = socket.getSession().getLocalCertificates()[0];
            int cvm = cvmOf(local);
            handshakesPerCvm.computeIfAbsent(cvm, k -> new AtomicLong()).incrementAndGet();
            String key = Hex.toHexString(sha256(local.getPublicKey().getEncoded()));
            DefaultBHttpServerConnection connection = new DefaultBHttpServerConnection("https", Http1Config.DEFAULT);
            connection.bind(socket);
            long receivedBefore = 0;
            while (running) {
                ClassicHttpRequest request;
                try {
                    request = connection.receiveRequestHeader();
                } catch (ConnectionClosedException | SocketException e) {
                    return;
                }
                if (request == null) {
                    return;
                }
                connection.receiveRequestEntity(request);
                byte[] body = readAll(request.getEntity());
                long received = connection.getEndpointDetails().getReceivedBytesCount();
                long requestBytes = received - receivedBefore;
                receivedBefore = received;
                String path = request.getPath();
                boolean keepOpen;
                if (path.startsWith("/v1/attestation/report")) {
                    attestationRequests.incrementAndGet();
                    keepOpen = attest(connection, request, cvm, key);
                } else {
                    otherRequests.incrementAndGet();
                    String model = shape == Shape.GATEWAY ? modelOf(body) : null;
                    if (!provenKeys.contains(key) || (model != null && !provenModels.contains(key + " " + model))) {
                        bytesBeforeProof.addAndGet(Math.max(1, requestBytes));
                    }
                    keepOpen = handle(connection, request, body, cvm);
                }
                if (!keepOpen) {
                    return;
                }
            }
        } catch (IOException | HttpException | RuntimeException e) {
            // A test closing connections mid-way is normal; the counters say what happened.
        }
    }

    /** The top-level {@code model} of a JSON body, or null. */
    private static String modelOf(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object && object.get("model") instanceof JsonString name
                    ? name.getString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private int cvmOf(Certificate certificate) {
        synchronized (this) {
            for (int i = 0; i < cvms.size(); i++) {
                if (cvms.get(i).certificate().equals(certificate)) {
                    return i;
                }
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------ attestation

    private boolean attest(DefaultBHttpServerConnection connection, ClassicHttpRequest request, int cvm, String key)
            throws IOException, HttpException {
        Map<String, String> query = query(request);
        String asked = shape == Shape.GATEWAY ? query.get("model") : null;
        Map<String, String> headers = new HashMap<>();
        Arrays.stream(request.getHeaders()).forEach(h -> headers.put(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        lastReportHeaders = Map.copyOf(headers);
        if (headers.containsKey("authorization")) {
            reportsWithAuthorization.incrementAndGet();
        }
        reportsPerModel.computeIfAbsent(asked == null ? "" : asked, k -> new AtomicLong()).incrementAndGet();
        Misbehaviour mode = misbehaviour;
        sleep(mode == Misbehaviour.ATTESTATION_TIMEOUT ? Duration.ofSeconds(20) : attestationDelay);
        if (connection.isDataAvailable(Timeout.ofMilliseconds(1))) {
            // The client wrote more before it had the report: that is a byte before proof.
            bytesBeforeProof.incrementAndGet();
        }
        if (mode == Misbehaviour.ATTESTATION_ERROR) {
            send(connection, 500, json(error("Internal server error", "server_error")), false);
            return true;
        }
        CountDownLatch gate = reportGate;
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        String limited = rateLimitedApiKey;
        if (limited != null && ("Bearer " + limited).equals(headers.get("authorization"))) {
            send(connection, 429, json(Json.createObjectBuilder().add("error", Json.createObjectBuilder()
                    .add("message", "Rate limit exceeded for this API key").add("type", "rate_limited").addNull("param")
                    .add("code", "rate_limit_exceeded")).build()), false);
            return true;
        }
        String apiKey = requiredApiKey;
        if (apiKey != null && (request.getFirstHeader("Authorization") == null
                || !request.getFirstHeader("Authorization").getValue().equals("Bearer " + apiKey))) {
            // NEAR's gateway wants an API key for its report since 2026-07-22.
            send(connection, 401, json(error("Invalid or missing Authorization header", "unauthorized")), false);
            return true;
        }
        String algo = query.getOrDefault("signing_algo", "ecdsa");
        SigningIdentity signer = signingIdentity(algo);
        SigningIdentity gatewaySigner = signer == null ? null
                : SigningIdentity.of(gatewayKeys, SigningAlgo.fromWire(algo).orElseThrow());
        byte[] nonce;
        try {
            nonce = Hex.decode(query.getOrDefault("nonce", ""));
        } catch (RuntimeException e) {
            nonce = new byte[0];
        }
        if (signer == null || nonce.length != 32) {
            send(connection, 400, json(error("Nonce must be 32 bytes", "bad_request")), false);
            return true;
        }
        if (asked != null && !models.containsKey(asked)) {
            // Like cloud-api: a model it cannot route to has no attestation.
            send(connection, 503, json(error("Model '" + asked + "' not found", "provider_error")), false);
            return true;
        }
        byte[] fingerprint = mode == Misbehaviour.WRONG_SPKI ? TlsIdentity.generate("other").spkiSha256() : identity(cvm).spkiSha256();
        byte[] boundNonce = mode == Misbehaviour.STALE_NONCE ? randomBytes(32) : nonce;
        String attested = asked == null ? modelName : mode == Misbehaviour.GATEWAY_OTHER_MODEL ? otherModel(asked) : asked;
        SigningIdentity modelSigner = SigningIdentity.of(models.getOrDefault(attested, impostor),
                SigningAlgo.fromWire(algo).orElseThrow());
        JsonObject model = modelReport(attested, modelSigner, boundNonce, fingerprint, mode);
        JsonObject report = shape == Shape.DIRECT
                ? withAllAttestations(model)
                : gatewayReport(gatewaySigner, boundNonce, fingerprint, mode,
                        asked == null || mode == Misbehaviour.GATEWAY_NO_MODEL_ATTESTATION ? null : model);
        byte[] body = report.toString().getBytes(StandardCharsets.UTF_8);
        if (mode == Misbehaviour.OVERSIZED_REPORT) {
            byte[] padded = Arrays.copyOf(body, 5 * 1024 * 1024 + body.length);
            Arrays.fill(padded, body.length, padded.length, (byte) ' ');
            body = padded;
        }
        boolean keepOpen = mode != Misbehaviour.CLOSE_AFTER_REPORT;
        // Marked before the report leaves: a client that verified it may write at once, on any connection.
        if (PROVING_MISBEHAVIOURS.contains(mode.name()) && !debugTd) {
            provenKeys.add(key);
            if (asked != null) {
                provenModels.add(key + " " + asked);
            }
        } else if (asked != null && (mode == Misbehaviour.GATEWAY_OTHER_MODEL
                || mode == Misbehaviour.GATEWAY_NO_MODEL_ATTESTATION) && !debugTd) {
            // The gateway itself is proved; the model asked for is not.
            provenKeys.add(key);
        }
        send(connection, 200, new ByteArrayEntity(body, ContentType.APPLICATION_JSON), !keepOpen);
        return keepOpen;
    }

    /** Another model than {@code asked}: one the gateway serves, else a made-up one (with the impostor's keys). */
    private String otherModel(String asked) {
        return models.keySet().stream().filter(m -> !m.equals(asked)).sorted().findFirst().orElse(asked + "-other");
    }

    private JsonObject modelReport(String name, SigningIdentity signer, byte[] nonce, byte[] fingerprint,
                                   Misbehaviour mode) {
        byte[] reportData = reportData(signer, fingerprint, nonce, mode == Misbehaviour.UNBOUND_REPORT_DATA);
        byte[] quote = quote(reportData, mode);
        return Json.createObjectBuilder()
                .add("model_name", name)
                .add("signing_address", signer.address())
                .add("signing_algo", signer.algo())
                .add("signing_public_key", signer.publicKeyHex())
                .add("request_nonce", Hex.toHexString(nonce))
                .add("intel_quote", Hex.toHexString(quote))
                .add("nvidia_payload", mode == Misbehaviour.GPU_NONCE_SPLICED
                        ? gpuEvidence().payload(Hex.toHexString(nonce), FakeGpuEvidence.Tamper.SPLICED_NONCE)
                        : gpuEvidence().payload(Hex.toHexString(nonce)))
                .add("event_log", eventLog())
                .add("info", info(quote, gpuEvidence().count()))
                .add("tls_cert_fingerprint", Hex.toHexString(fingerprint))
                .add("compose_manager_attestation", composeManager(nonce, mode))
                .build();
    }

    /**
     * compose-manager's report from inside the same TD (protocol.md §2.4.5): one {@code compose_up}, its
     * {@code actions_hash} (sorted-keys canonical form) and a quote of the same TD over actions_hash ‖ nonce.
     */
    private JsonObject composeManager(byte[] nonce, Misbehaviour mode) {
        JsonArray actions = Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("action", "compose_up").add("commit", Hex.toHexString(sha256(modelName.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 40))
                .add("file", "simulated-model.yaml").add("file_sha256", Hex.toHexString(sha256(measurements.appCompose()
                        .getBytes(StandardCharsets.UTF_8))))
                .add("services", Json.createArrayBuilder().add("proxy")).add("tag", "v0.0.1")
                .add("timestamp", "2026-01-01T00:00:00Z")).build();
        String actionsHash = ActionsHash.compute(actions, ActionsHash.Canonicalisation.SORTED_KEYS).orElseThrow();
        byte[] reportData = new byte[64];
        System.arraycopy(mode == Misbehaviour.COMPOSE_MANAGER_UNBOUND ? randomBytes(32) : Hex.decode(actionsHash), 0,
                reportData, 0, 32);
        System.arraycopy(nonce, 0, reportData, 32, 32);
        return Json.createObjectBuilder()
                .add("actions", actions)
                .add("actions_hash", actionsHash)
                .add("nonce", Hex.toHexString(nonce))
                .add("nonce_source", "client")
                .add("quote", Hex.toHexString(quote(reportData, mode)))
                .add("event_log", eventLog().build().toString())
                .add("report_data", Hex.toHexString(reportData))
                .add("vm_config", vmConfig(gpuEvidence().count()))
                .build();
    }

    private static JsonObject withAllAttestations(JsonObject model) {
        return Json.createObjectBuilder(model).add("all_attestations", Json.createArrayBuilder().add(model)).build();
    }

    private JsonObject gatewayReport(SigningIdentity signer, byte[] nonce, byte[] fingerprint, Misbehaviour mode,
                                     JsonObject model) {
        byte[] reportData = reportData(signer, fingerprint, nonce, mode == Misbehaviour.UNBOUND_REPORT_DATA);
        byte[] quote = quote(reportData, mode);
        JsonObjectBuilder gateway = Json.createObjectBuilder()
                .add("signing_address", signer.address())
                .add("signing_algo", signer.algo())
                .add("intel_quote", Hex.toHexString(quote))
                .add("event_log", eventLog().build().toString())
                .add("report_data", Hex.toHexString(reportData))
                .add("request_nonce", Hex.toHexString(nonce))
                .add("info", info(quote, 0))
                .add("tls_cert_fingerprint", Hex.toHexString(fingerprint));
        JsonObjectBuilder report = Json.createObjectBuilder().add("gateway_attestation", gateway);
        if (model != null) {
            report.add("model_attestations", Json.createArrayBuilder().add(model));
        }
        return report.build();
    }

    /** NEAR's TLS-mode layout: SHA-256(address bytes ‖ SPKI fingerprint) ‖ nonce (protocol.md §3). */
    private static byte[] reportData(SigningIdentity signer, byte[] fingerprint, byte[] nonce, boolean unbound) {
        byte[] data = new byte[64];
        if (unbound) {
            System.arraycopy(signer.addressBytes(), 0, data, 0, Math.min(32, signer.addressBytes().length));
        } else {
            byte[] both = Arrays.copyOf(signer.addressBytes(), signer.addressBytes().length + fingerprint.length);
            System.arraycopy(fingerprint, 0, both, signer.addressBytes().length, fingerprint.length);
            System.arraycopy(sha256(both), 0, data, 0, 32);
        }
        System.arraycopy(nonce, 0, data, 32, 32);
        return data;
    }

    private byte[] quote(byte[] reportData, Misbehaviour mode) {
        byte[] teeTcbSvn = UP_TO_DATE_TEE_TCB_SVN.clone();
        if (mode == Misbehaviour.OUT_OF_DATE_TCB) {
            teeTcbSvn[2]--;
        }
        TdReportSpec.Builder td = TdReportSpec.builder().mrTd(mrTd).mrConfigId(measurements.mrConfigId())
                .teeTcbSvn(teeTcbSvn).debug(debugTd || mode == Misbehaviour.DEBUG_TD);
        for (int i = 0; i < 4; i++) {
            td.rtmr(i, measurements.rtmrs()[i]);
        }
        byte[] quote = forge.tdx(td.build(), reportData);
        if (mode == Misbehaviour.INVALID_QUOTE) {
            quote[640] ^= 0x01; // inside the ECDSA signature over header and body
        }
        return quote;
    }

    private JsonArrayBuilder eventLog() {
        JsonArrayBuilder log = Json.createArrayBuilder();
        for (DstackMeasurements.Event event : measurements.events()) {
            log.add(Json.createObjectBuilder().add("imr", event.imr()).add("event_type", event.eventType())
                    .add("digest", Hex.toHexString(event.digest())).add("event", event.event())
                    .add("event_payload", Hex.toHexString(event.payload())));
        }
        return log;
    }

    private static String vmConfig(int gpuCount) {
        return Json.createObjectBuilder().add("cpu_count", 4).add("memory_size", 8L << 30).add("num_gpus", gpuCount)
                .add("num_nvswitches", 0).add("image", "dstack-simulated").build().toString();
    }

    private static String mrAggregated(byte[] quote) {
        try {
            return DstackDerivations.mrAggregated(TdMeasurements.of(QuoteParser.parse(quote)));
        } catch (QuoteFormatException e) {
            throw new IllegalStateException("the forged quote does not parse", e);
        }
    }

    private JsonObject info(byte[] quote, int gpuCount) {
        byte[] userData = Arrays.copyOfRange(quote, 28, 48);
        String composeHash = Hex.toHexString(measurements.composeHash());
        JsonObjectBuilder tcbInfo = Json.createObjectBuilder().add("mrtd", Hex.toHexString(mrTd));
        for (int i = 0; i < 4; i++) {
            tcbInfo.add("rtmr" + i, Hex.toHexString(measurements.rtmrs()[i]));
        }
        tcbInfo.add("os_image_hash", Hex.toHexString(measurements.osImageHash()))
                .add("compose_hash", composeHash)
                .add("device_id", Hex.toHexString(sha256(userData)))
                .add("app_compose", measurements.appCompose())
                .add("event_log", eventLog());
        return Json.createObjectBuilder()
                .add("app_id", Hex.toHexString(measurements.appId()))
                .add("instance_id", Hex.toHexString(measurements.instanceId()))
                .add("app_cert", "")
                .add("tcb_info", tcbInfo)
                .add("app_name", "dstack-simulated")
                .add("device_id", Hex.toHexString(sha256(userData)))
                .add("os_image_hash", Hex.toHexString(measurements.osImageHash()))
                .add("key_provider_info", measurements.keyProvider())
                .add("compose_hash", composeHash)
                .add("mr_aggregated", mrAggregated(quote))
                .add("vm_config", vmConfig(gpuCount))
                .build();
    }

    // ------------------------------------------------------------------------------------ API endpoints

    private boolean handle(DefaultBHttpServerConnection connection, ClassicHttpRequest request, byte[] body, int cvm)
            throws IOException, HttpException {
        String path = request.getPath().split("\\?", 2)[0];
        if (request.getMethod().equals("HEAD")) {
            // As any HTTP server: the head of an answer, never a body (one would corrupt the connection).
            sendWithoutBody(connection, 200);
            return true;
        }
        if (path.equals("/v1/echo") && request.containsHeader("X-Test-No-Content")) {
            sendWithoutBody(connection, 204);
            return true;
        }
        if (path.equals("/v1/models") && request.getMethod().equals("GET")) {
            JsonArrayBuilder data = Json.createArrayBuilder();
            (shape == Shape.GATEWAY ? models.keySet().stream().sorted().toList() : List.of(modelName))
                    .forEach(m -> data.add(Json.createObjectBuilder().add("id", m).add("object", "model")));
            send(connection, 200, json(Json.createObjectBuilder().add("object", "list").add("data", data).build()), false);
            return true;
        }
        if (path.equals("/v1/echo")) {
            JsonObjectBuilder headers = Json.createObjectBuilder();
            Arrays.stream(request.getHeaders()).forEach(h -> headers.add(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            send(connection, 200, json(Json.createObjectBuilder().add("method", request.getMethod())
                    .add("path", request.getPath()).add("headers", headers)
                    .add("body_base64", Base64.getEncoder().encodeToString(body))
                    .add("body_sha256", Hex.toHexString(sha256(body))).build()), false);
            return true;
        }
        if (path.equals("/v1/chat/completions") && request.getMethod().equals("POST")) {
            return chat(connection, request, body, cvm);
        }
        if (path.equals("/v1/completions") && request.getMethod().equals("POST")) {
            completions(connection, request, body);
            return true;
        }
        if (path.equals("/v1/embeddings") && request.getMethod().equals("POST")) {
            embeddings(connection, request, body);
            return true;
        }
        if (path.startsWith("/v1/signature/") && request.getMethod().equals("GET")) {
            signature(connection, request, path.substring("/v1/signature/".length()), cvm);
            return true;
        }
        send(connection, 404, json(error("Not found: " + path, "not_found")), false);
        return true;
    }

    /**
     * An inference request as the model read it, the model that answers it with its keys, and its
     * E2EE session (empty without E2EE headers).
     */
    private record Opened(JsonObject request, String model, TeeSigningKeys modelKeys, Optional<E2eeSession> e2ee) {
    }

    /**
     * Records an inference request as it arrived, then decrypts its fields like inference-proxy;
     * empty after answering 400 (body not JSON, bad E2EE headers, a field that does not decrypt).
     */
    private Optional<Opened> open(DefaultBHttpServerConnection connection, ClassicHttpRequest request, byte[] body,
                                  E2eeEndpoint endpoint) throws IOException, HttpException {
        lastRequestBody = body.clone();
        Map<String, String> headers = new HashMap<>();
        Arrays.stream(request.getHeaders())
                .forEach(h -> headers.put(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        lastRequestHeaders = Map.copyOf(headers);
        JsonObject json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            send(connection, 400, json(error("Invalid JSON body", "bad_request")), false);
            return Optional.empty();
        }
        // Behind the gateway the body's model answers (the model field is never encrypted); a CVM is its one model.
        String model = shape == Shape.GATEWAY ? json.getString("model", modelName) : modelName;
        TeeSigningKeys modelKeys = models.get(model);
        if (modelKeys == null) {
            send(connection, 404, json(error("Model '" + model + "' not found", "not_found")), false);
            return Optional.empty();
        }
        Optional<E2eeSession> e2ee;
        try {
            e2ee = NearE2eeServer.accept(name -> Arrays.stream(request.getHeaders(name)).map(Header::getValue).toList(),
                    modelKeys, RANDOM);
            if (e2ee.isPresent()) {
                json = e2ee.get().transformRequest(endpoint, json);
            }
        } catch (E2eeException e) {
            // Like inference-proxy: header problems name themselves, decryption failures stay generic.
            String message = e.reason() == E2eeFailure.AUTHENTICATION_FAILED ? "Decryption failed" : e.getMessage();
            send(connection, 400, json(error(message, "bad_request")), false);
            return Optional.empty();
        }
        lastModelRequest = json;
        return Optional.of(new Opened(json, model, modelKeys, e2ee));
    }

    private boolean chat(DefaultBHttpServerConnection connection, ClassicHttpRequest request, byte[] body, int cvm)
            throws IOException, HttpException {
        lastChatBody = body.clone();
        Map<String, String> headers = new HashMap<>();
        Arrays.stream(request.getHeaders())
                .forEach(h -> headers.put(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue()));
        lastChatHeaders = Map.copyOf(headers);
        Optional<Opened> opened = open(connection, request, body, E2eeEndpoint.CHAT_COMPLETIONS);
        if (opened.isEmpty()) {
            return true;
        }
        JsonObject chat = opened.get().request();
        lastPrompt = lastUserContent(chat);
        Misbehaviour mode = misbehaviour;
        String model = opened.get().model();
        TeeSigningKeys modelKeys = opened.get().modelKeys();
        Optional<E2eeSession> answerSession = answerSession(opened.get(), mode);
        String id = "chatcmpl-" + Hex.toHexString(randomBytes(12));
        if (!chat.getBoolean("stream", false)) {
            JsonObject answer = SimulatedAnswers.chat(id, model, chat, lastPrompt);
            byte[] bytes = encrypted(answerSession, E2eeEndpoint.CHAT_COMPLETIONS, answer, mode).toString()
                    .getBytes(StandardCharsets.UTF_8);
            storeSignature(cvm, id, body, bytes, mode, model, modelKeys);
            send(connection, 200, new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON), false);
            return true;
        }
        int events = chat.getInt("n_events", 5);
        String streamId = request.getFirstHeader("X-Test-Stream-Id") == null ? null
                : request.getFirstHeader("X-Test-Stream-Id").getValue();
        boolean abort = chat.getBoolean("abort_midway", false);
        Duration interval = chat.containsKey("interval_ms") ? Duration.ofMillis(chat.getInt("interval_ms")) : eventInterval;
        ClassicHttpResponse response = new BasicClassicHttpResponse(200);
        response.setHeader("Content-Type", "text/event-stream");
        response.setHeader("Transfer-Encoding", "chunked");
        // Like inference-proxy: the signature is stored once the engine's [DONE] is there, over every byte sent.
        response.setEntity(new SseEntity(connection, id, model, events, streamId, abort, interval, answerSession, mode,
                SimulatedAnswers.toolCallChunk(id, model, chat, lastPrompt),
                sent -> storeSignature(cvm, id, body, sent, mode, model, modelKeys)));
        connection.sendResponseHeader(response);
        connection.sendResponseEntity(response);
        connection.flush();
        return !abort;
    }

    /** {@code /v1/completions}, JSON or SSE: {@link SimulatedAnswers#completion}, {@code choices[].text} encrypted. */
    private void completions(DefaultBHttpServerConnection connection, ClassicHttpRequest request, byte[] body)
            throws IOException, HttpException {
        Optional<Opened> opened = open(connection, request, body, E2eeEndpoint.COMPLETIONS);
        if (opened.isEmpty()) {
            return;
        }
        Misbehaviour mode = misbehaviour;
        Optional<E2eeSession> session = answerSession(opened.get(), mode);
        String id = "cmpl-" + Hex.toHexString(randomBytes(12));
        List<String> prompts = SimulatedAnswers.prompts(opened.get().request());
        if (!opened.get().request().getBoolean("stream", false)) {
            send(connection, 200, json(encrypted(session, E2eeEndpoint.COMPLETIONS,
                    SimulatedAnswers.completion(id, opened.get().model(), prompts), mode)), false);
            return;
        }
        StringBuilder sse = new StringBuilder();
        for (JsonObject chunk : SimulatedAnswers.completionChunks(id, opened.get().model(), prompts)) {
            sse.append("data: ").append(encrypted(session, E2eeEndpoint.COMPLETIONS, chunk, mode)).append("\n\n");
        }
        sse.append("data: [DONE]\n\n");
        send(connection, 200, new ByteArrayEntity(sse.toString().getBytes(StandardCharsets.UTF_8),
                ContentType.create("text/event-stream", StandardCharsets.UTF_8)), false);
    }

    /** {@code /v1/embeddings}: {@link SimulatedAnswers#embeddings}, each {@code data[].embedding} encrypted as JSON text. */
    private void embeddings(DefaultBHttpServerConnection connection, ClassicHttpRequest request, byte[] body)
            throws IOException, HttpException {
        Optional<Opened> opened = open(connection, request, body, E2eeEndpoint.EMBEDDINGS);
        if (opened.isEmpty()) {
            return;
        }
        Misbehaviour mode = misbehaviour;
        send(connection, 200, json(encrypted(answerSession(opened.get(), mode), E2eeEndpoint.EMBEDDINGS,
                SimulatedAnswers.embeddings(opened.get().model(), opened.get().request()), mode)), false);
    }

    private static Optional<E2eeSession> answerSession(Opened opened, Misbehaviour mode) {
        return opened.e2ee().map(session -> mode == Misbehaviour.E2EE_WRONG_KEY
                ? strangerSession(session, opened.modelKeys()) : session);
    }

    private static String lastUserContent(JsonObject chat) {
        String content = null;
        JsonValue messages = chat.get("messages");
        if (messages instanceof jakarta.json.JsonArray array) {
            for (JsonValue message : array) {
                if (message instanceof JsonObject object && "user".equals(object.getString("role", null))
                        && object.get("content") instanceof JsonString text) {
                    content = text.getString();
                }
            }
        }
        return content;
    }

    /** The same scheme and version, but to a client key nobody holds. */
    private static E2eeSession strangerSession(E2eeSession session, TeeSigningKeys modelKeys) {
        E2eeHeaders real = session.headers();
        E2eeHeaders stranger = new E2eeHeaders(real.algo(), E2eePrivateKey.generate(real.algo(), RANDOM).publicKey(),
                real.version(), real.allFields(), Optional.empty());
        return E2eeSession.acceptAsModel(stranger, real.algo() == SigningAlgo.ECDSA ? modelKeys.ecdsa()
                : modelKeys.ed25519(), RANDOM);
    }

    /** An answer or chunk as it goes on the wire: its fields encrypted under E2EE (and altered, if told to). */
    private static JsonObject encrypted(Optional<E2eeSession> session, E2eeEndpoint endpoint, JsonObject answer,
                                        Misbehaviour mode) {
        if (session.isEmpty()) {
            return answer;
        }
        JsonObject sealed = session.get().transformResponse(endpoint, answer);
        return mode == Misbehaviour.E2EE_TAMPERED_CIPHERTEXT ? tampered(sealed) : sealed;
    }

    /**
     * Flips the last hex digit of the first encrypted text: {@code choices[0].message|delta.content}
     * or {@code choices[0].text}, or {@code data[0].embedding}.
     */
    private static JsonObject tampered(JsonObject answer) {
        if (answer.containsKey("data")) {
            JsonObject item = answer.getJsonArray("data").getJsonObject(0);
            return Json.createObjectBuilder(answer).add("data", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder(item).add("embedding", flip(item.getString("embedding"))))).build();
        }
        JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
        JsonObject changedChoice;
        if (choice.containsKey("text")) {
            changedChoice = Json.createObjectBuilder(choice).add("text", flip(choice.getString("text"))).build();
        } else {
            String part = choice.containsKey("message") ? "message" : "delta";
            if (!(choice.getJsonObject(part).get("content") instanceof JsonString content)) {
                return answer; // e.g. a tool call chunk
            }
            changedChoice = Json.createObjectBuilder(choice).add(part, Json.createObjectBuilder(choice.getJsonObject(part))
                    .add("content", flip(content.getString()))).build();
        }
        return Json.createObjectBuilder(answer).add("choices", Json.createArrayBuilder().add(changedChoice)).build();
    }

    private static String flip(String hex) {
        return hex.substring(0, hex.length() - 1) + (hex.endsWith("0") ? "1" : "0");
    }

    /** inference-proxy's text over the exact bytes, kept only by the CVM that answered. */
    private void storeSignature(int cvm, String id, byte[] request, byte[] answer, Misbehaviour mode, String answeredAs,
                                TeeSigningKeys answerKeys) {
        String hashes = Hex.toHexString(sha256(request)) + ":" + Hex.toHexString(sha256(answer));
        StoredSignature stored;
        if (shape == Shape.GATEWAY && gatewaySigned) {
            stored = new StoredSignature(hashes, mode == Misbehaviour.WRONG_SIGNATURE ? impostor : gatewayKeys,
                    Optional.of(SignatureKind.GATEWAY), 0);
        } else {
            String model = mode == Misbehaviour.WRONG_SIGNED_MODEL ? answeredAs + "-other" : answeredAs;
            stored = new StoredSignature(model + ":" + hashes, mode == Misbehaviour.WRONG_SIGNATURE ? impostor : answerKeys,
                    shape == Shape.GATEWAY ? Optional.of(SignatureKind.PROVIDER_TEE) : Optional.empty(), 0);
        }
        stored = new StoredSignature(stored.text(), stored.signer(), stored.kind(),
                System.currentTimeMillis() + signatureDelay.toMillis());
        Map<String, StoredSignature> memory = signatures.computeIfAbsent(cvm, k -> boundedMap());
        synchronized (memory) {
            memory.put(id, stored);
        }
    }

    private static Map<String, StoredSignature> boundedMap() {
        return new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StoredSignature> eldest) {
                return size() > SIGNATURES_PER_CVM;
            }
        };
    }

    private void signature(DefaultBHttpServerConnection connection, ClassicHttpRequest request, String id, int cvm)
            throws IOException, HttpException {
        signatureRequestsPerCvm.computeIfAbsent(cvm, k -> new AtomicLong()).incrementAndGet();
        Optional<SigningAlgo> algo = SigningAlgo.fromWire(query(request).getOrDefault("signing_algo", "ecdsa"));
        if (algo.isEmpty()) {
            send(connection, 400, json(error("Invalid signing algorithm", "bad_request")), false);
            return;
        }
        Map<String, StoredSignature> memory = signatures.getOrDefault(cvm, Map.of());
        StoredSignature stored;
        synchronized (memory) {
            stored = memory.get(id);
        }
        if (stored == null || System.currentTimeMillis() < stored.availableAtMillis()) {
            send(connection, 404, json(error("Chat id not found or expired", "not_found")), false);
            return;
        }
        signaturesServed.incrementAndGet();
        send(connection, 200, json(stored.signer().signatureJson(algo.get(), stored.text(), stored.kind())), false);
    }

    /**
     * Writes SSE events one by one, flushing each; ack-gated when a stream id is given. Hands all
     * bytes of a complete stream, {@code data: [DONE]} included, to {@code complete} before the last event goes out.
     */
    private final class SseEntity extends AbstractHttpEntity {
        private final DefaultBHttpServerConnection connection;
        private final String id;
        private final String model;
        private final int events;
        private final String streamId;
        private final boolean abort;
        private final Duration interval;
        private final Optional<E2eeSession> session;
        private final Misbehaviour mode;
        private final Optional<JsonObject> toolCallChunk;
        private final java.util.function.Consumer<byte[]> complete;
        private final java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();

        SseEntity(DefaultBHttpServerConnection connection, String id, String model, int events, String streamId, boolean abort,
                  Duration interval, Optional<E2eeSession> session, Misbehaviour mode,
                  Optional<JsonObject> toolCallChunk, java.util.function.Consumer<byte[]> complete) {
            super(ContentType.create("text/event-stream"), null, true);
            this.connection = connection;
            this.id = id;
            this.model = model;
            this.events = events;
            this.streamId = streamId;
            this.abort = abort;
            this.interval = interval;
            this.session = session;
            this.mode = mode;
            this.toolCallChunk = toolCallChunk;
            this.complete = complete;
        }

        private void write(OutputStream out, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            sent.write(bytes);
            out.write(bytes);
            out.flush();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            peakOpenStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
            try {
                stream(out);
            } finally {
                openStreams.decrementAndGet();
            }
        }

        private void stream(OutputStream out) throws IOException {
            BlockingQueue<Integer> gate = streamId == null ? null : acks.computeIfAbsent(streamId, k -> new LinkedBlockingQueue<>());
            for (int i = 0; i < events; i++) {
                JsonObject delta = Json.createObjectBuilder().add("id", id).add("object", "chat.completion.chunk")
                        .add("model", model).add("producedAt", System.currentTimeMillis()).add("index", i)
                        .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
                                .add("delta", Json.createObjectBuilder().add("content", "token" + i)))).build();
                write(out, "data: " + encrypted(session, E2eeEndpoint.CHAT_COMPLETIONS, delta, mode) + "\n\n");
                if (abort && i == events / 2) {
                    // Cut the TCP connection: closing the chunked stream normally would end it cleanly.
                    connection.close(CloseMode.IMMEDIATE);
                    throw new IOException("simulated abort mid-stream");
                }
                if (gate != null) {
                    try {
                        Integer ack = gate.poll(10, TimeUnit.SECONDS);
                        if (ack == null || ack != i) {
                            write(out, "data: {\"error\":{\"message\":\"not acknowledged\"}}\n\n");
                            break;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                } else if (!interval.isZero()) {
                    sleep(interval);
                }
            }
            if (toolCallChunk.isPresent()) {
                write(out, "data: " + encrypted(session, E2eeEndpoint.CHAT_COMPLETIONS, toolCallChunk.get(), mode) + "\n\n");
            }
            byte[] last = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
            sent.write(last);
            complete.accept(sent.toByteArray());
            out.write(last);
            out.flush();
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("streamed only");
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private static void send(DefaultBHttpServerConnection connection, int status, HttpEntity entity, boolean close)
            throws IOException, HttpException {
        ClassicHttpResponse response = new BasicClassicHttpResponse(status);
        response.setHeader("Content-Type", entity.getContentType());
        response.setHeader("Content-Length", Long.toString(entity.getContentLength()));
        if (close) {
            response.setHeader("Connection", "close");
        }
        response.setEntity(entity);
        connection.sendResponseHeader(response);
        connection.sendResponseEntity(response);
        connection.flush();
    }

    private static void sendWithoutBody(DefaultBHttpServerConnection connection, int status)
            throws IOException, HttpException {
        ClassicHttpResponse response = new BasicClassicHttpResponse(status);
        if (status != 204) {
            response.setHeader("Content-Type", "application/json");
        }
        connection.sendResponseHeader(response);
        connection.flush();
    }

    private static HttpEntity json(JsonObject object) {
        return new ByteArrayEntity(object.toString().getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
    }

    private static JsonObject error(String message, String type) {
        return Json.createObjectBuilder().add("error", Json.createObjectBuilder().add("message", message).add("type", type)
                .addNull("param").addNull("code")).build();
    }

    private static Map<String, String> query(ClassicHttpRequest request) {
        Map<String, String> values = new HashMap<>();
        try {
            new URIBuilder(request.getPath()).getQueryParams().forEach(p -> values.put(p.getName(), p.getValue()));
        } catch (URISyntaxException e) {
            // No usable query: the handlers answer 400.
        }
        return values;
    }

    private static byte[] readAll(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            return in.readAllBytes();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        threads.shutdownNow();
    }
}
