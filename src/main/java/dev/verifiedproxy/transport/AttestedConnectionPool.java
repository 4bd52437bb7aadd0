package dev.verifiedproxy.transport;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.bouncycastle.util.encoders.Hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out backend connections that are proved to end in a verified TEE, and keeps them
 * alive for reuse. For a new connection: TLS handshake, SPKI hash, and, unless that SPKI is
 * already verified and fresh for the domain, {@code GET /v1/attestation/report} with a fresh
 * nonce on that same connection, judged by the {@link BackendAttestor} — all before the
 * caller can write a byte of its request.
 *
 * <p>Behind the gateway a verified key proves the gateway only: its report attests just the model
 * it was asked for (protocol.md §2.3). So a request naming a model also needs that model's
 * attestation, asked for with {@code &model=} on the connection that will carry the request,
 * verified and fresh for the gateway's key; it is cached per (domain, SPKI, model), and every
 * lease carries the attestation of its own request's model (signer, key, name), never another's.
 * A model CVM reached directly attests its key once, whatever model a request names; the lease
 * then requires the model it attests to be the one asked for.
 *
 * <p>The report request goes out before the peer is proved, so it carries a credential only where one
 * is needed and safe: a model CVM's never does (direct attestation is unauthenticated); the gateway's
 * carries the API key only if the peer's certificate is valid for the gateway's domain under the
 * system's certificate authorities ({@link WebPkiTrust}), else nothing at all is sent
 * ({@link TransportFailure#CREDENTIAL_WITHHELD}). The gateway's refusal of that key is the caller's
 * own answer ({@link TransportFailure#CREDENTIAL_REFUSED}), never shared with or held against others.
 */
public final class AttestedConnectionPool implements AutoCloseable {

    /** A backend may close a connection right after the report; then another is opened (and is usually verified). */
    private static final int MAX_OPEN_ATTEMPTS = 3;

    /** Idle connections younger than this are reused without the (blocking) stale check. */
    private static final Duration VALIDATE_AFTER_INACTIVITY = Duration.ofSeconds(1);

    /** The check a lease fails when its verification attests another model than the one asked for. */
    public static final String MODEL_NAME_CHECK = "model_name";

    private final TlsConnector connector;
    private final VerifiedSpkiRegistry registry;
    private final BackendAttestor attestor;
    private final TransportSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<BackendEndpoint, Deque<BackendConnection>> idle = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong attestations = new AtomicLong();
    private volatile boolean closed;

    /** A pool whose credentials go before attestation only to certificates valid under the JVM's default trust store. */
    public AttestedConnectionPool(BackendAttestor attestor, TransportSettings settings, Clock clock) {
        this(attestor, settings, clock, WebPkiTrust.system());
    }

    /**
     * @param webPki the certificate authorities under which a peer's certificate must be valid for its domain before
     *               a credential is sent to it ahead of attestation (never a source of trust in the backend)
     */
    public AttestedConnectionPool(BackendAttestor attestor, TransportSettings settings, Clock clock, WebPkiTrust webPki) {
        this.connector = new TlsConnector(settings.connectTimeout(), webPki);
        this.registry = new VerifiedSpkiRegistry(clock, settings.failureBackoff(), settings.attestationWaitLimit());
        this.attestor = attestor;
        this.settings = settings;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "verified-proxy-pool-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1000, Math.min(30_000, settings.idleTimeout().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::closeExpiredIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A verified connection to the target whose TLS key is {@code required}: the CVM that served an
     * earlier exchange (NEAR keeps a direct answer's signature only in that CVM's memory). Idle
     * connections with that key are preferred; otherwise new connections are opened, and verified
     * ones with another key are kept in the pool, until one lands on that CVM or the attempts run out.
     */
    public Lease lease(BackendTarget target, SpkiHash required, int attempts) throws TransportException {
        Lease idleMatch = pollIdleWithKey(target, required);
        if (idleMatch != null) {
            return idleMatch;
        }
        for (int attempt = 0; attempt < attempts; attempt++) {
            Lease lease = lease(target, false);
            if (lease.connection().spki().equals(required)) {
                return lease;
            }
            release(lease, true);
        }
        throw new TransportException(TransportFailure.UNREACHABLE, target.endpoint().domain(),
                "no connection reached the backend with key " + required.hex() + " in " + attempts + " attempts", null);
    }

    private Lease pollIdleWithKey(BackendTarget target, SpkiHash required) throws TransportException {
        Deque<BackendConnection> deque = idle.get(target.endpoint());
        if (deque == null) {
            return null;
        }
        for (BackendConnection connection : deque) {
            if (connection.spki().equals(required) && deque.remove(connection)) {
                if (connection.idleFor().compareTo(settings.idleTimeout()) >= 0 || connection.isStale()) {
                    connection.close();
                    continue;
                }
                Optional<VerifiedBackend> verified = admit(connection, target);
                if (verified.isPresent()) {
                    return askedModel(new Lease(connection, verified.get(), true), target);
                }
            }
        }
        return null;
    }

    /** A verified connection to the target; release it with {@link #release} when the exchange is over. */
    public Lease lease(BackendTarget target) throws TransportException {
        return lease(target, true);
    }

    private Lease lease(BackendTarget target, boolean mayReuse) throws TransportException {
        if (closed) {
            throw new TransportException(TransportFailure.UNREACHABLE, target.endpoint().domain(), "proxy is shutting down", null);
        }
        for (int attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
            BackendConnection connection = mayReuse ? pollIdle(target.endpoint()) : null;
            boolean reused = connection != null;
            if (connection == null) {
                connection = connector.open(target.endpoint());
                handshakes.incrementAndGet();
            }
            Optional<VerifiedBackend> verified = admit(connection, target);
            if (verified.isPresent()) {
                return askedModel(new Lease(connection, verified.get(), reused), target);
            }
        }
        throw new TransportException(TransportFailure.PROTOCOL, target.endpoint().domain(),
                "the backend closed " + MAX_OPEN_ATTEMPTS + " connections in a row right after attesting them", null);
    }

    /**
     * Proves a connection for the target before anything of the caller's is written on it: its TLS key verified
     * and fresh for the domain and, for a request to the gateway naming a model, that model's attestation
     * verified and fresh for this key; whichever is not is attested on this very connection. Empty when the
     * backend closed the connection after a report (what was verified stands; the caller takes another
     * connection). Closes the connection when it cannot be proved.
     */
    private Optional<VerifiedBackend> admit(BackendConnection connection, BackendTarget target) throws TransportException {
        VerifiedSpkiRegistry.Key key = new VerifiedSpkiRegistry.Key(target.endpoint().domain(), connection.spki());
        try {
            Optional<VerifiedBackend> verified = verifyOn(connection, target, key, null);
            if (verified.isEmpty() || target.role() != BackendRole.GATEWAY || target.model() == null) {
                return verified;
            }
            VerifiedBackend gateway = verified.get();
            return verifyOn(connection, target, key.forModel(target.model()), target.model()).map(gateway::withModel);
        } catch (TransportException e) {
            connection.close();
            throw e;
        }
    }

    /** The key's verification, attesting {@code model} (or none) on the connection unless it is known and fresh. */
    private Optional<VerifiedBackend> verifyOn(BackendConnection connection, BackendTarget target,
                                               VerifiedSpkiRegistry.Key key, String model) throws TransportException {
        boolean[] closedAfterReport = {false};
        VerifiedBackend verified = registry.verifyOnce(key, () -> {
            AttestationResult result = attestOn(connection, target, model);
            closedAfterReport[0] = !result.reusable();
            return result.verified();
        });
        if (closedAfterReport[0]) {
            connection.close();
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    /**
     * The lease, if its verification attests the model the request names (the gateway's by construction; a model
     * CVM's key is verified whatever a request names). Otherwise nothing is sent: the connection, which is fine,
     * goes back to the pool, and the request fails naming the check.
     */
    private Lease askedModel(Lease lease, BackendTarget target) throws TransportException {
        String asked = target.model();
        String attested = lease.verification().outcome().modelName();
        if (asked == null || asked.equals(attested)) {
            return lease;
        }
        release(lease, true);
        throw new TransportException(TransportFailure.ATTESTATION_REJECTED, target.endpoint().domain(), MODEL_NAME_CHECK,
                "the request is for model " + shown(asked) + "; the backend's verified attestation "
                        + (attested == null ? "names no model" : "is for " + shown(attested)), null);
    }

    /** Model names come from clients and reports: quoted, bounded, without control characters. */
    private static String shown(String name) {
        String bounded = name.length() > 128 ? name.substring(0, 128) + "..." : name;
        return "'" + bounded.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "'";
    }

    /** Returns a connection after its exchange: kept for reuse if it may carry another request. */
    public void release(Lease lease, boolean reusable) {
        BackendConnection connection = lease.connection();
        if (!reusable || closed || !connection.isOpen()) {
            connection.close();
            return;
        }
        Deque<BackendConnection> deque = idle.computeIfAbsent(connection.endpoint(), e -> new ConcurrentLinkedDeque<>());
        if (deque.size() >= settings.maxIdlePerDomain()) {
            connection.close();
            return;
        }
        connection.markIdle();
        deque.offerLast(connection);
    }

    public PoolStats stats() {
        return new PoolStats(handshakes.get(), attestations.get(), idle.values().stream().mapToInt(Deque::size).sum());
    }

    /** Forgets every verified SPKI: the next request to each backend re-attests. */
    public void forgetVerifications() {
        registry.clear();
    }

    private BackendConnection pollIdle(BackendEndpoint endpoint) {
        Deque<BackendConnection> deque = idle.get(endpoint);
        if (deque == null) {
            return null;
        }
        // Most recently used first: it is the least likely to have been closed by the peer.
        for (BackendConnection connection = deque.pollLast(); connection != null; connection = deque.pollLast()) {
            Duration idleFor = connection.idleFor();
            // The stale check blocks for up to a millisecond, so like HttpClient's
            // validateAfterInactivity it is only worth doing after some idleness.
            if (idleFor.compareTo(settings.idleTimeout()) < 0
                    && (idleFor.compareTo(VALIDATE_AFTER_INACTIVITY) < 0 || !connection.isStale())) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private void closeExpiredIdle() {
        for (Deque<BackendConnection> deque : idle.values()) {
            deque.removeIf(connection -> {
                if (connection.idleFor().compareTo(settings.idleTimeout()) >= 0) {
                    connection.close();
                    return true;
                }
                return false;
            });
        }
    }

    private record AttestationResult(VerifiedBackend verified, boolean reusable) {
    }

    private AttestationResult attestOn(BackendConnection connection, BackendTarget target, String model)
            throws TransportException {
        attestations.incrementAndGet();
        FetchedReport fetched = fetchOn(connection, target, model);
        AttestationRequest request = fetched.request();
        AttestationOutcome outcome = attestor.attest(request);
        if (outcome == null || !outcome.verified()) {
            String check = outcome == null ? "verifier" : outcome.failedCheck();
            String detail = outcome == null ? "verifier returned nothing" : outcome.detail();
            throw new TransportException(TransportFailure.ATTESTATION_REJECTED, request.domain(), check, detail, null);
        }
        Instant now = request.at();
        Instant ttlExpiry = now.plus(settings.verifiedTtl());
        Instant expires = outcome.validUntil().isBefore(ttlExpiry) ? outcome.validUntil() : ttlExpiry;
        return new AttestationResult(new VerifiedBackend(request.domain(), connection.spki(), now, expires, outcome),
                fetched.reusable());
    }

    /**
     * Fetches a backend's attestation report with a fresh nonce on a new connection of its own, exactly as a
     * connection is attested (same request, limits and timeouts), and closes that connection: nothing else is
     * ever sent on it and nothing about it is cached. The report is returned unjudged, with what a verifier
     * needs, the target's model among it (the report must attest that model); for the verification endpoints,
     * which show the whole verdict rather than use the backend.
     */
    public AttestationRequest fetchReport(BackendTarget target) throws TransportException {
        if (closed) {
            throw new TransportException(TransportFailure.UNREACHABLE, target.endpoint().domain(), "proxy is shutting down", null);
        }
        BackendConnection connection = connector.open(target.endpoint());
        handshakes.incrementAndGet();
        try {
            return fetchOn(connection, target, target.model()).request();
        } finally {
            connection.close();
        }
    }

    private record FetchedReport(AttestationRequest request, boolean reusable) {
    }

    /**
     * Asks for a report with a fresh nonce on the connection. {@code model}: the model the report must attest, or
     * null; the gateway is asked for it by name, a model CVM serves one and ignores the parameter.
     */
    private FetchedReport fetchOn(BackendConnection connection, BackendTarget target, String model)
            throws TransportException {
        String domain = target.endpoint().domain();
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        StringBuilder path = new StringBuilder("/v1/attestation/report?nonce=").append(Hex.toHexString(nonce))
                .append("&signing_algo=").append(settings.signingAlgo())
                .append("&include_tls_fingerprint=true");
        if (target.role() == BackendRole.GATEWAY && model != null) {
            path.append("&model=").append(URLEncoder.encode(model, StandardCharsets.UTF_8));
        }
        ClassicHttpRequest request = new BasicClassicHttpRequest("GET", path.toString());
        request.setHeader("Host", domain);
        request.setHeader("Accept", "application/json");
        request.setHeader("Accept-Encoding", "identity");
        if (!target.attestationHeaders().isEmpty()) {
            requireWebPki(connection, domain);
            target.attestationHeaders().forEach(request::setHeader);
        }

        Instant deadline = clock.instant().plus(settings.attestationTimeout());
        byte[] body;
        boolean reusable;
        try {
            ClassicHttpResponse response = connection.execute(request, settings.attestationTimeout());
            if (response.getCode() != 200) {
                throw unavailable(connection, target, response, deadline);
            }
            body = readBounded(response.getEntity(), deadline, domain);
            reusable = connection.keepAlive(request, response);
        } catch (SocketTimeoutException e) {
            throw new TransportException(TransportFailure.TIMEOUT, domain,
                    "no attestation report within " + settings.attestationTimeout(), e);
        } catch (IOException | HttpException e) {
            throw new TransportException(TransportFailure.ATTESTATION_UNAVAILABLE, domain,
                    "fetching the attestation report failed: " + e.getMessage(), e);
        }
        return new FetchedReport(new AttestationRequest(domain, target.role(), model, nonce, connection.spki(), body,
                clock.instant()), reusable);
    }

    /**
     * Nothing is sent with a credential to a peer whose certificate an ordinary HTTPS client would refuse for the
     * domain: the report request precedes proof, and DNS and the network may be the attacker's.
     */
    private static void requireWebPki(BackendConnection connection, String domain) throws TransportException {
        WebPkiStatus status = connection.webPkiStatus();
        if (status != WebPkiStatus.VALID) {
            throw new TransportException(TransportFailure.CREDENTIAL_WITHHELD, domain, status.check(),
                    "the certificate of " + domain + " is not valid under the system's certificate authorities ("
                            + status.reason() + "); the API key is not sent before attestation", null);
        }
    }

    /**
     * Why a report was not served. The gateway judges the caller's credential with 401, 402, 403 and 429: that is
     * the caller's own answer, passed back with the gateway's status (and its wording when the peer's certificate is
     * WebPKI-valid). Anything else, and any status of a model CVM, which gets no credential, is the backend's failure.
     */
    private TransportException unavailable(BackendConnection connection, BackendTarget target,
                                           ClassicHttpResponse response, Instant deadline) {
        String domain = target.endpoint().domain();
        int status = response.getCode();
        String detail = "GET /v1/attestation/report answered HTTP " + status;
        if (target.role() != BackendRole.GATEWAY || !GatewayRefusal.CREDENTIAL_STATUSES.contains(status)) {
            return new TransportException(TransportFailure.ATTESTATION_UNAVAILABLE, domain, detail, null);
        }
        boolean trusted = connection.webPkiStatus() == WebPkiStatus.VALID;
        byte[] body = trusted ? errorBody(response.getEntity(), deadline) : null;
        return new TransportException(TransportFailure.CREDENTIAL_REFUSED, domain, null, detail,
                GatewayRefusal.of(status, body, domain, trusted), null);
    }

    /**
     * At most {@link GatewayRefusal#MAX_BODY_BYTES} of an error answer, read before the attestation deadline, or null
     * if it cannot be had; the rest is left unread, for the connection is closed after a refusal.
     */
    private byte[] errorBody(HttpEntity entity, Instant deadline) {
        if (entity == null) {
            return null;
        }
        try {
            // Not closed: closing HttpCore's content stream would drain whatever the peer sends.
            InputStream in = entity.getContent();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > GatewayRefusal.MAX_BODY_BYTES || clock.instant().isAfter(deadline)) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the whole report, refusing more than the configured size or a trickle past the deadline. */
    private byte[] readBounded(HttpEntity entity, Instant deadline, String domain) throws IOException, TransportException {
        if (entity == null) {
            throw new TransportException(TransportFailure.ATTESTATION_UNAVAILABLE, domain, "empty attestation response", null);
        }
        long declared = entity.getContentLength();
        if (declared > settings.maxAttestationBytes()) {
            throw tooLarge(domain);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        // Not try-with-resources: closing HttpCore's content stream drains what is left, which for
        // an oversized or endless report is exactly what must not happen. On failure the caller
        // closes the whole connection instead.
        InputStream in = entity.getContent();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (out.size() + (long) n > settings.maxAttestationBytes()) {
                throw tooLarge(domain);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new TransportException(TransportFailure.TIMEOUT, domain,
                        "attestation report not complete within " + settings.attestationTimeout(), null);
            }
            out.write(buffer, 0, n);
        }
        in.close();
        return out.toByteArray();
    }

    private TransportException tooLarge(String domain) {
        return new TransportException(TransportFailure.ATTESTATION_UNAVAILABLE, domain,
                "attestation report larger than " + settings.maxAttestationBytes() + " bytes", null);
    }

    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
        idle.values().forEach(deque -> {
            for (BackendConnection connection = deque.poll(); connection != null; connection = deque.poll()) {
                connection.close();
            }
        });
    }

}
