package dev.verifiedproxy.testing.nras;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verifiedproxy.gpu.EvidenceItem;
import dev.verifiedproxy.gpu.GpuFormatException;
import dev.verifiedproxy.gpu.NrasEndpoints;
import dev.verifiedproxy.gpu.NvidiaPayload;
import dev.verifiedproxy.gpu.OpaqueData;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fake NVIDIA Remote Attestation Service on 127.0.0.1: {@code POST /v3/attest/gpu} appraises an
 * {@code nvidia_payload} like NRAS (a GPU whose signed nonce differs from the payload's gets an
 * error token with code 4010 and the overall result is false, while {@code eat_nonce} still echoes
 * the payload's nonce), and answers a detached EAT whose tokens are ES384-signed with a test key;
 * {@code GET /.well-known/jwks.json} publishes that key. {@link Misbehaviour}s make it answer the
 * ways a verifier must refuse. The issuer is the base URL, as with the real service, and every key is
 * certified by the fake's own intermediate CA, so a verifier trusts it with
 * {@code GpuTrust.withNrasIssuer(fake.issuer()).withNrasIntermediates(List.of(fake.intermediate()))} and
 * {@link #endpoints()}.
 */
public final class FakeNras implements AutoCloseable {

    /** Ways to misbehave; several can be on at once. */
    public enum Misbehaviour {
        /** The overall token is unsigned ({@code alg: none}). */
        ALG_NONE,
        /** The overall token is HS256-signed with the published public key (JWK text) as the HMAC secret. */
        HS256_KEY_CONFUSION,
        /** Every token is signed by a key the JWKS does not publish. */
        UNKNOWN_KID,
        /** One bit of the overall token's signature flipped. */
        FLIPPED_SIGNATURE,
        /** The overall token's digest of GPU-1 (or GPU-0 with one GPU) is not that token's SHA-256. */
        SUBMODS_DIGEST_MISMATCH,
        /** The last GPU's token is left out; submods still names it. */
        MISSING_GPU_TOKEN,
        /** The nonce trap: GPU-0 fails with 4010 NONCE_NOT_MATCHING, overall false, eat_nonce echoed. */
        NONCE_TRAP,
        /** Tokens carry another issuer. */
        WRONG_ISSUER,
        /** Tokens carry another eat_nonce. */
        WRONG_NONCE,
        /** GPU tokens carry another ueid. */
        WRONG_UEID,
        /** The answer is JSON, but not a detached EAT. */
        NOT_AN_EAT,
        /** Every attestation request gets HTTP 500. */
        HTTP_500,
        /** The first attestation request gets HTTP 500, later ones are answered. */
        HTTP_500_ONCE,
        /** Every attestation request gets HTTP 403. */
        HTTP_403,
        /** Attestation answers take 3 seconds. */
        SLOW,
        /** The attestation answer is padded to 2 MiB. */
        OVERSIZED,
        /** The JWKS endpoint answers HTTP 500. */
        JWKS_DOWN
    }

    private static final int MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> attestBodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final Map<KeyPair, JsonObject> published = Collections.synchronizedMap(new LinkedHashMap<>());
    private final KeyPair unpublished = TestKeys.p384();
    private final NrasSigningKeys hierarchy = NrasSigningKeys.generate("CN=Fake NRAS Intermediate");
    private volatile Set<Misbehaviour> misbehaviours = EnumSet.noneOf(Misbehaviour.class);
    private volatile Supplier<Instant> clock = Instant::now;
    private volatile KeyPair signing;

    private FakeNras(int port) throws IOException {
        signing = TestKeys.p384();
        published.put(signing, jwk(signing));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-nras");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/v3/attest/gpu", this::attest);
        server.createContext("/.well-known/jwks.json", this::jwks);
        server.start();
    }

    /** A fake NRAS on a free loopback port. */
    public static FakeNras start() throws IOException {
        return new FakeNras(0);
    }

    /** A fake NRAS on the given loopback port (0: any free one). */
    public static FakeNras start(int port) throws IOException {
        return new FakeNras(port);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public NrasEndpoints endpoints() {
        return new NrasEndpoints(baseUrl());
    }

    /** The {@code iss} of this fake's tokens: its base URL. */
    public String issuer() {
        return endpoints().issuer();
    }

    /**
     * The intermediate CA that issued every published key's certificate: a verifier trusts this fake only
     * with it ({@code GpuTrust.withNrasIntermediates}, in the proxy {@code verifiedproxy.gpu.test-nras-intermediate}).
     */
    public X509Certificate intermediate() {
        return hierarchy.intermediate();
    }

    public String intermediatePem() {
        return hierarchy.intermediatePem();
    }

    /** The key id tokens are currently signed with. */
    public String kid() {
        return kid(signing);
    }

    /** Replaces the set of misbehaviours (none: behave). */
    public FakeNras misbehave(Misbehaviour... behaviours) {
        misbehaviours = behaviours.length == 0 ? EnumSet.noneOf(Misbehaviour.class) : EnumSet.copyOf(Arrays.asList(behaviours));
        return this;
    }

    /** Tokens are issued at {@code iat} from now on (default: the real time). */
    public FakeNras issueAt(Instant iat) {
        clock = () -> iat;
        return this;
    }

    /** Signs with a new key from now on; the JWKS publishes it next to the old ones (NVIDIA mints keys every few hours). */
    public FakeNras rotateKey() {
        KeyPair next = TestKeys.p384();
        published.put(next, jwk(next));
        signing = next;
        return this;
    }

    public int attestRequests() {
        return attestBodies.size();
    }

    /** The bodies POSTed to {@code /v3/attest/gpu}, as received. */
    public List<String> attestBodies() {
        return List.copyOf(attestBodies);
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** The key set the JWKS endpoint serves. */
    public String jwksJson() {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        synchronized (published) {
            published.values().forEach(keys::add);
        }
        return Json.createObjectBuilder().add("keys", keys).build().toString();
    }

    /** Signs a hand-made token with the current key and kid, for tests that need claims {@link #mint} does not make. */
    public String sign(JWTCreator.Builder token) {
        return token.withKeyId(kid()).sign(Algorithm.ECDSA384((ECPublicKey) signing.getPublic(),
                (ECPrivateKey) signing.getPrivate()));
    }

    /** {@code [["JWT", overall], {"GPU-0": ..., ...}]} from the given token strings. */
    public static String detachedEat(String overallToken, Map<String, String> gpuTokens) {
        var perGpu = Json.createObjectBuilder();
        gpuTokens.forEach(perGpu::add);
        return Json.createArrayBuilder().add(Json.createArrayBuilder().add("JWT").add(overallToken)).add(perGpu)
                .build().toString();
    }

    /** The detached EAT this fake answers for {@code payload} (honouring the token misbehaviours). */
    public String mint(String payload) {
        NvidiaPayload parsed;
        try {
            parsed = NvidiaPayload.parse(payload);
        } catch (GpuFormatException e) {
            throw new IllegalArgumentException("not an nvidia_payload: " + e.getMessage(), e);
        }
        Set<Misbehaviour> mis = misbehaviours;
        KeyPair key = mis.contains(Misbehaviour.UNKNOWN_KID) ? unpublished : signing;
        Algorithm es384 = Algorithm.ECDSA384((ECPublicKey) key.getPublic(), (ECPrivateKey) key.getPrivate());
        Instant iat = clock.get();
        String nonce = mis.contains(Misbehaviour.WRONG_NONCE) ? HexFormat.of().formatHex(TestKeys.random(32)) : parsed.nonce();
        String issuer = mis.contains(Misbehaviour.WRONG_ISSUER) ? "https://nras.example.invalid" : issuer();

        Map<String, String> gpuTokens = new LinkedHashMap<>();
        boolean overallResult = true;
        for (EvidenceItem item : parsed.evidenceList()) {
            boolean nonceMatches = HexFormat.of().formatHex(item.measurements().requesterNonce())
                    .equalsIgnoreCase(parsed.nonce());
            boolean fail = !nonceMatches || (mis.contains(Misbehaviour.NONCE_TRAP) && item.index() == 0);
            overallResult &= !fail;
            JWTCreator.Builder token = base(kid(key), issuer, iat);
            if (fail) {
                token.withClaim("x-nvidia-error-details", Map.of("code", 4010, "fieldName", "nonce", "httpStatus", 400,
                        "description", "NONCE_NOT_MATCHING", "message", "Nonce in the evidence does not match"));
            } else {
                gpuClaims(token, item, nonce, mis.contains(Misbehaviour.WRONG_UEID));
            }
            gpuTokens.put("GPU-" + item.index(), token.sign(es384));
        }
        Map<String, Object> submods = new LinkedHashMap<>();
        gpuTokens.forEach((name, token) -> submods.put(name, List.of("DIGEST", List.of("SHA-256", sha256(token)))));
        if (mis.contains(Misbehaviour.SUBMODS_DIGEST_MISMATCH)) {
            String victim = gpuTokens.size() > 1 ? "GPU-1" : "GPU-0";
            submods.put(victim, List.of("DIGEST", List.of("SHA-256", sha256(victim))));
        }
        JWTCreator.Builder overall = base(kid(key), issuer, iat)
                .withSubject("NVIDIA-PLATFORM-ATTESTATION")
                .withClaim("x-nvidia-ver", "2.0")
                .withClaim("x-nvidia-overall-att-result", overallResult)
                .withClaim("submods", submods)
                .withClaim("eat_nonce", nonce);
        String overallToken;
        if (mis.contains(Misbehaviour.ALG_NONE)) {
            overallToken = overall.sign(Algorithm.none());
        } else if (mis.contains(Misbehaviour.HS256_KEY_CONFUSION)) {
            overallToken = overall.sign(Algorithm.HMAC256(published.get(signing).toString().getBytes(StandardCharsets.UTF_8)));
        } else {
            overallToken = overall.sign(es384);
        }
        if (mis.contains(Misbehaviour.FLIPPED_SIGNATURE)) {
            overallToken = flipSignatureBit(overallToken);
        }
        if (mis.contains(Misbehaviour.MISSING_GPU_TOKEN)) {
            gpuTokens.remove("GPU-" + (parsed.evidenceList().size() - 1));
        }
        return detachedEat(overallToken, gpuTokens);
    }

    private static JWTCreator.Builder base(String kid, String issuer, Instant iat) {
        return JWT.create().withKeyId(kid).withIssuer(issuer).withIssuedAt(iat).withNotBefore(iat)
                .withExpiresAt(iat.plusSeconds(3600)).withJWTId(UUID.randomUUID().toString());
    }

    private static void gpuClaims(JWTCreator.Builder token, EvidenceItem item, String nonce, boolean wrongUeid) {
        OpaqueData opaque = item.measurements().opaque();
        BigInteger serial = item.leaf().getSerialNumber();
        token.withClaim("eat_nonce", nonce)
                .withClaim("ueid", (wrongUeid ? serial.add(BigInteger.ONE) : serial).toString())
                .withClaim("hwmodel", "GH100")
                .withClaim("oemid", "5703")
                .withClaim("measres", "success")
                .withClaim("dbgstat", "disabled")
                .withClaim("x-nvidia-gpu-driver-version", opaque.driverVersion().orElse(null))
                .withClaim("x-nvidia-gpu-vbios-version", opaque.vbiosVersion().orElse(null))
                .withNullClaim("x-nvidia-attestation-warning");
        for (String claim : List.of("secboot", "x-nvidia-gpu-arch-check", "x-nvidia-gpu-attestation-report-parsed",
                "x-nvidia-gpu-attestation-report-nonce-match", "x-nvidia-gpu-attestation-report-signature-verified",
                "x-nvidia-gpu-attestation-report-cert-chain-validated", "x-nvidia-gpu-driver-rim-fetched",
                "x-nvidia-gpu-driver-rim-schema-validated", "x-nvidia-gpu-driver-rim-cert-validated",
                "x-nvidia-gpu-driver-rim-signature-verified", "x-nvidia-gpu-driver-rim-measurements-available",
                "x-nvidia-gpu-vbios-rim-fetched", "x-nvidia-gpu-vbios-rim-schema-validated",
                "x-nvidia-gpu-vbios-rim-cert-validated", "x-nvidia-gpu-vbios-rim-signature-verified",
                "x-nvidia-gpu-vbios-rim-measurements-available", "x-nvidia-gpu-vbios-index-no-conflict")) {
            token.withClaim(claim, true);
        }
    }

    private void attest(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES);
            }
            int sequence;
            synchronized (attestBodies) {
                attestBodies.add(new String(body, StandardCharsets.UTF_8));
                sequence = attestBodies.size();
            }
            Set<Misbehaviour> mis = misbehaviours;
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"message\":\"method not allowed\"}");
            } else if (mis.contains(Misbehaviour.HTTP_500) || (mis.contains(Misbehaviour.HTTP_500_ONCE) && sequence == 1)) {
                send(exchange, 500, "{\"message\":\"internal error\"}");
            } else if (mis.contains(Misbehaviour.HTTP_403)) {
                send(exchange, 403, "{\"message\":\"forbidden\"}");
            } else {
                if (mis.contains(Misbehaviour.SLOW)) {
                    pause(3000);
                }
                answer(exchange, new String(body, StandardCharsets.UTF_8), mis);
            }
        }
    }

    private void answer(HttpExchange exchange, String payload, Set<Misbehaviour> mis) throws IOException {
        String eat;
        try {
            eat = mis.contains(Misbehaviour.NOT_AN_EAT) ? "{\"x-nvidia-overall-att-result\":true}" : mint(payload);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "{\"errorCode\":4005,\"message\":\"INVALID_EVIDENCE\"}");
            return;
        }
        if (mis.contains(Misbehaviour.OVERSIZED)) {
            eat = eat + " ".repeat(2 * 1024 * 1024);
        }
        send(exchange, 200, eat);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            jwksRequests.incrementAndGet();
            if (misbehaviours.contains(Misbehaviour.JWKS_DOWN)) {
                send(exchange, 500, "{\"message\":\"unavailable\"}");
            } else {
                send(exchange, 200, jwksJson());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The key as NVIDIA publishes its keys: x5c = [leaf issued by this fake's intermediate, the intermediate]. */
    private JsonObject jwk(KeyPair key) {
        return hierarchy.signer(kid(key), key).jwk();
    }

    private static String kid(KeyPair key) {
        return "fake-nras-" + sha256(Base64.getEncoder().encodeToString(key.getPublic().getEncoded())).substring(0, 16);
    }

    private static String flipSignatureBit(String token) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        signature[10] ^= 0x01;
        return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
