package dev.verifiedproxy.chatcheck;

import dev.verifiedproxy.json.JsonProviders;
import dev.verifiedproxy.signature.ChatSignature;
import dev.verifiedproxy.signature.ChatSignatureChecker;
import dev.verifiedproxy.signature.ChatSignatureVerdict;
import dev.verifiedproxy.signature.SignatureInputError;
import dev.verifiedproxy.signature.SignatureInputException;
import dev.verifiedproxy.signature.SignatureKind;
import dev.verifiedproxy.transport.AttestationOutcome;
import dev.verifiedproxy.transport.BackendClient;
import dev.verifiedproxy.transport.BackendRequest;
import dev.verifiedproxy.transport.BackendResponse;
import dev.verifiedproxy.transport.BackendRole;
import dev.verifiedproxy.transport.TransportException;
import dev.verifiedproxy.transport.TransportFailure;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;


/**
 * Checks the signatures of relayed chat answers in the background, never delaying an answer:
 * after it has ended, {@code GET /v1/signature/{id}?signing_algo=…} is sent to the very CVM that
 * served it (direct signatures live only in that CVM's memory, protocol.md §6.5), retried with a
 * doubling pause while it answers 404, and the signature is checked against the signer named by
 * the <em>attestation</em> of that CVM (never the document's own {@code signing_address}): the
 * model's, or the gateway's for gateway-signed texts. The signed model name must be the attested
 * one. Each result is logged (no bodies, no keys) and kept in the {@link ChatCheckStore}.
 *
 * <p>Bounded: a fixed number of threads, and at most {@code maxPending} checks in progress; beyond
 * that an answer is recorded as not checked ({@link ChatCheckFailure#OVERLOADED}) rather than queued.
 */
public final class ChatSignatureVerifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChatSignatureVerifier.class.getName());
    /** A signature document is a few hundred bytes. */
    private static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    /** The doubling pause stops growing here. */
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    private final BackendClient client;
    private final ChatCheckSettings settings;
    private final ChatCheckStore store;
    private final Clock clock;
    private final ChatSignatureChecker checker = new ChatSignatureChecker();
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong overloaded = new AtomicLong();

    public ChatSignatureVerifier(BackendClient client, ChatCheckSettings settings, ChatCheckStore store, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        AtomicInteger names = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "verified-proxy-signature-check-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Accepts an ended answer for checking and returns at once: the pending record, or the final
     * one when the check cannot run (incomplete answer, overloaded, shutting down).
     */
    public ChatCheckResult submit(ChatExchange exchange) {
        if (!exchange.complete()) {
            return finish(exchange, ChatCheckFailure.RESPONSE_INCOMPLETE, null, 0, false);
        }
        if (pending.incrementAndGet() > settings.maxPending()) {
            pending.decrementAndGet();
            overloaded.incrementAndGet();
            return finish(exchange, ChatCheckFailure.OVERLOADED, settings.maxPending() + " checks in progress", 0, false);
        }
        ChatCheckResult waiting = ChatCheckResult.pending(exchange);
        store.put(waiting);
        try {
            executor.execute(() -> attempt(exchange, 1));
        } catch (RejectedExecutionException e) {
            return finish(exchange, ChatCheckFailure.SHUTTING_DOWN, null, 0, true);
        }
        return waiting;
    }

    /** The latest result for a chat id, while the store keeps it. */
    public Optional<ChatCheckResult> result(String chatId) {
        return store.find(chatId);
    }

    /** Checks accepted and not decided yet. */
    public int pending() {
        return pending.get();
    }

    /** Answers not checked because too many checks were in progress. */
    public long overloaded() {
        return overloaded.get();
    }

    private void attempt(ChatExchange exchange, int attempt) {
        try {
            Fetched fetched = fetch(exchange);
            if (fetched.status() == 404) {
                retryOrFinish(exchange, attempt, ChatCheckFailure.SIGNATURE_NOT_FOUND, null);
            } else if (fetched.status() != 200) {
                finish(exchange, ChatCheckFailure.FETCH_FAILED, "GET /v1/signature answered HTTP " + fetched.status(),
                        attempt, true);
            } else {
                judge(exchange, fetched.body(), attempt);
            }
        } catch (TransportException e) {
            retryOrFinish(exchange, attempt, ChatCheckFailure.FETCH_FAILED, e.getMessage());
        } catch (RuntimeException e) {
            finish(exchange, ChatCheckFailure.FETCH_FAILED, "the check failed: " + e, attempt, true);
        }
    }

    private void retryOrFinish(ChatExchange exchange, int attempt, ChatCheckFailure failure, String detail) {
        if (attempt < settings.fetchAttempts()) {
            long delay = Math.min(MAX_BACKOFF_MILLIS, settings.retryBackoff().toMillis() << Math.min(attempt - 1, 16));
            try {
                executor.schedule(() -> attempt(exchange, attempt + 1), delay, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                finish(exchange, ChatCheckFailure.SHUTTING_DOWN, null, attempt, true);
                return;
            }
        }
        finish(exchange, failure, (detail == null ? "" : detail + "; ") + attempt + " tries", attempt, true);
    }

    private record Fetched(int status, byte[] body) {
    }

    private Fetched fetch(ChatExchange exchange) throws TransportException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(new AbstractMap.SimpleImmutableEntry<>("Accept", "application/json"));
        headers.add(new AbstractMap.SimpleImmutableEntry<>("Accept-Encoding", "identity"));
        exchange.fetchHeaders().forEach((name, value) -> headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value)));
        BackendRequest request = new BackendRequest("GET", "/v1/signature/" + exchange.chatId() + "?signing_algo="
                + exchange.algo().wireName(), headers, null);
        // A model CVM keeps the signature in its own memory: go back to the CVM holding the TLS key
        // that served the answer. The gateway stores signatures in its database: any of its CVMs will do.
        try (BackendResponse response = exchange.target().role() == BackendRole.MODEL
                ? client.sendTo(exchange.target(), exchange.served().spki(), settings.cvmAttempts(), request)
                : client.send(exchange.target(), request)) {
            return new Fetched(response.status(), readBounded(response.body(), exchange.served().domain()));
        }
    }

    private static byte[] readBounded(InputStream in, String domain) throws TransportException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > MAX_SIGNATURE_BYTES) {
                    throw new TransportException(TransportFailure.PROTOCOL, domain,
                            "signature document larger than " + MAX_SIGNATURE_BYTES + " bytes", null);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new TransportException(TransportFailure.IO, domain, e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Signature document → decision, against what the attestation of the answering CVM says. */
    private void judge(ChatExchange exchange, byte[] body, int attempt) {
        Optional<JsonObject> document = object(body);
        if (document.isEmpty()) {
            finish(exchange, ChatCheckFailure.MALFORMED_SIGNATURE, "the answer is not a JSON object", attempt, true);
            return;
        }
        ChatSignature signature;
        try {
            signature = ChatSignature.fromJson(document.get());
        } catch (SignatureInputException e) {
            ChatCheckFailure failure = e.reason() == SignatureInputError.NO_SIGNATURE
                    ? ChatCheckFailure.NO_SIGNATURE : ChatCheckFailure.MALFORMED_SIGNATURE;
            finish(exchange, failure, e.getMessage(), attempt, true);
            return;
        }
        if (signature.algo() != exchange.algo()) {
            finish(exchange, ChatCheckFailure.ALGORITHM_MISMATCH, signature.algo().wireName() + " instead of "
                    + exchange.algo().wireName(), attempt, true);
            return;
        }
        AttestationOutcome attested = exchange.served().outcome();
        String signer = signature.gatewaySigned() ? attested.gatewaySigningAddress() : attested.signingAddress();
        if (signer == null) {
            finish(exchange, ChatCheckFailure.SIGNER_NOT_ATTESTED, signature.gatewaySigned() ? "gateway-signed text"
                    : "model-signed text", attempt, true);
            return;
        }
        ChatSignatureVerdict verdict;
        try {
            verdict = checker.check(signature, signer, Optional.of(exchange.requestSha256()),
                    Optional.of(exchange.responseSha256()));
        } catch (SignatureInputException e) {
            finish(exchange, ChatCheckFailure.MALFORMED_SIGNATURE, e.getMessage(), attempt, true);
            return;
        }
        Optional<ChatCheckFailure> failure = Optional.empty();
        String detail = null;
        Optional<String> signedModel = verdict.text().model();
        if (!verdict.valid()) {
            failure = Optional.of(ChatCheckFailure.SIGNATURE_INVALID);
            detail = verdict.error().orElse(null);
        } else if (signedModel.isPresent() && attested.modelName() == null) {
            failure = Optional.of(ChatCheckFailure.MODEL_NOT_ATTESTED);
            detail = "the text names " + signedModel.get();
        } else if (signedModel.isPresent() && !signedModel.get().equals(attested.modelName())) {
            failure = Optional.of(ChatCheckFailure.MODEL_MISMATCH);
            detail = "the text names " + signedModel.get() + ", the attestation " + attested.modelName();
        }
        record(ChatCheckResult.decided(exchange, failure, detail, Optional.of(verdict), attempt, clock.instant()), true);
    }

    private static Optional<JsonObject> object(byte[] body) {
        try (JsonReader reader = JsonProviders.reader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(value.asJsonObject()) : Optional.empty();
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private ChatCheckResult finish(ChatExchange exchange, ChatCheckFailure failure, String detail, int attempts,
                                   boolean wasPending) {
        return record(ChatCheckResult.decided(exchange, Optional.of(failure), detail, Optional.empty(), attempts,
                clock.instant()), wasPending);
    }

    private ChatCheckResult record(ChatCheckResult result, boolean wasPending) {
        store.put(result);
        if (wasPending) {
            pending.decrementAndGet();
        }
        if (result.status() == ChatCheckStatus.VALID) {
            ChatSignatureVerdict verdict = result.verdict().orElseThrow();
            LOG.log(Level.INFO, "chat {0} from {1} (TLS key {2}): signature valid, {3}, signed by the {4}{5}",
                    result.chatId(), result.domain(), result.spki(), verdict.algo().wireName(),
                    verdict.kind().filter(k -> k == SignatureKind.GATEWAY).isPresent() ? "gateway" : "model",
                    verdict.text().model().map(m -> ", model " + m).orElse(""));
        } else {
            LOG.log(Level.WARNING, "chat {0} from {1} (TLS key {2}): signature {3} ({4}): {5}", result.chatId(),
                    result.domain(), result.spki(), result.status().code(), result.failure().orElseThrow().code(),
                    result.detail().orElse(""));
        }
        return result;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
