package dev.verifiedproxy.proxy;

import dev.verifiedproxy.chatcheck.ChatExchange;
import dev.verifiedproxy.chatcheck.ChatSignatureVerifier;
import dev.verifiedproxy.chatcheck.ResponseCapture;
import dev.verifiedproxy.config.ConfigKeys;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.e2ee.E2eeException;
import dev.verifiedproxy.e2ee.SseLineReader;
import dev.verifiedproxy.e2ee.SseLineTransformer;
import dev.verifiedproxy.error.ApiError;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.signature.ExactBytesHash;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.transport.BackendRequest;
import dev.verifiedproxy.transport.BackendResponse;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.VerifiedBackend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * One exchange beyond moving bytes: E2EE on the client's behalf ({@link E2eeForwarding}) and the
 * background signature check of a chat completion ({@link ChatSignatureVerifier}). It builds the
 * request for the connection that will carry it, then relays the answer: streamed as it arrives
 * and flushed per read (or per SSE line when decrypting), or, for an encrypted JSON answer, read
 * whole (bounded) and decrypted before anything is sent. The signature check is handed over only
 * after the answer has ended and the connection is back in the pool: it never delays the client.
 *
 * <p>Used by the request thread, then by the thread writing the answer, one after the other.
 */
final class ProxyExchange {

    private static final System.Logger LOG = System.getLogger(ProxyExchange.class.getName());
    private static final int COPY_BUFFER = 8 * 1024;
    private static final String CHAT_COMPLETIONS = "v1/chat/completions";

    private final Optional<E2eeForwarding> e2ee;
    private final ChatSignatureVerifier verifier;
    private final long maxCaptured;
    private final SigningAlgo algo;
    private final Map<String, String> fetchHeaders;
    private BackendTarget target;
    private String requestSha256;
    private ResponseCapture capture;

    private ProxyExchange(Optional<E2eeForwarding> e2ee, ChatSignatureVerifier verifier, long maxCaptured,
                          SigningAlgo algo, Map<String, String> fetchHeaders) {
        this.e2ee = e2ee;
        this.verifier = verifier;
        this.maxCaptured = maxCaptured;
        this.algo = algo;
        this.fetchHeaders = fetchHeaders;
    }

    /**
     * Decides, before any connection, what this request gets.
     *
     * @param verifier      the signature checker; needed only when a check is asked for
     * @param authorization what the signature request sends upstream (NEAR requires the API key), or null
     * @throws ApiException 400 for bad option headers or a body E2EE cannot cover
     */
    static ProxyExchange plan(ProxyConfig config, ChatSignatureVerifier verifier, ProxiedRequest request, byte[] body,
                              String authorization) {
        boolean check = signatureWanted(config, request) && request.method().equals("POST")
                && request.path().equals(CHAT_COMPLETIONS);
        if (check && verifier == null) {
            throw new IllegalStateException("signature checks are asked for but no verifier is installed");
        }
        Optional<E2eeForwarding> e2ee = E2eeForwarding.plan(config, request, body);
        return new ProxyExchange(e2ee, check ? verifier : null, config.get(ConfigKeys.SIGNATURES_MAX_RESPONSE),
                SigningAlgo.fromWire(config.get(ConfigKeys.SIGNING_ALGO)).orElseThrow(),
                authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    private static boolean signatureWanted(ProxyConfig config, ProxiedRequest request) {
        Optional<String> asked = request.header(ProxyHeaders.VERIFY_SIGNATURE).map(v -> v.strip().toLowerCase(Locale.ROOT));
        if (asked.isEmpty()) {
            return config.get(ConfigKeys.SIGNATURES_VERIFY) == ConfigKeys.SignatureChecks.ON;
        }
        return switch (asked.get()) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw new ApiException(new ApiError(400, ProxyHeaders.VERIFY_SIGNATURE + " must be true or false.",
                    "invalid_request_error", ProxyHeaders.VERIFY_SIGNATURE, "invalid_verify_signature"));
        };
    }

    /**
     * The request to write on the leased connection verified as {@code backend}: as the client
     * sent it, or with its fields encrypted to that backend's attested key. Remembers the hash of
     * exactly the bytes sent.
     */
    BackendRequest backendRequest(VerifiedBackend backend, BackendTarget target, BackendRequest plain) {
        this.target = target;
        BackendRequest request = e2ee.map(e -> e.seal(backend, target.role(), plain)).orElse(plain);
        byte[] body = request.body();
        if (verifier != null) {
            requestSha256 = ExactBytesHash.sha256Hex(body == null ? new byte[0] : body);
        }
        return request;
    }

    /** Headers telling the client what the proxy does with this answer. */
    Map<String, String> responseHeaders(BackendResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        e2ee.ifPresent(e -> headers.put(ProxyHeaders.E2EE, e.describe()));
        if (checksSignature(response)) {
            headers.put(ProxyHeaders.SIGNATURE, "pending");
        }
        return headers;
    }

    /** True when the answer must be read whole and decrypted before the client gets a byte. */
    boolean readsWholeAnswer(BackendResponse response, boolean sse) {
        return decrypts(response) && !sse;
    }

    /**
     * Reads the JSON answer (bounded), hands its signature check over, and returns it decrypted.
     *
     * @throws ApiException 502 when it is too large, breaks off or does not decrypt
     */
    byte[] readWholeAnswer(BackendResponse response) {
        E2eeForwarding forwarding = e2ee.orElseThrow();
        String domain = response.verification().domain();
        capture = checksSignature(response) ? new ResponseCapture(false, maxCaptured) : null;
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        boolean complete = false;
        try {
            byte[] buffer = new byte[COPY_BUFFER];
            InputStream in = response.body();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (answer.size() + (long) n > forwarding.maxAnswerBytes()) {
                    throw new ApiException(new ApiError(502, "The encrypted answer from " + domain + " exceeds "
                            + forwarding.maxAnswerBytes() + " bytes (" + ConfigKeys.E2EE_MAX_RESPONSE.name() + ").",
                            "upstream_error", null, "e2ee_response_too_large"));
                }
                answer.write(buffer, 0, n);
                if (capture != null) {
                    capture.update(buffer, 0, n);
                }
            }
            complete = true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "answer from {0} broke off: {1}", domain, e.getMessage());
            throw new ApiException(new ApiError(502, "The answer from " + domain + " broke off before it was complete.",
                    "upstream_error", null, "upstream_stream_interrupted"), e);
        } finally {
            end(response, complete);
        }
        return forwarding.open(answer.toByteArray(), domain);
    }

    /**
     * Streams the answer to the client as it arrives: byte for byte, or SSE line by line with each
     * line decrypted. An upstream break, or a line that does not decrypt, ends an SSE answer with
     * an error event (fail closed: nothing undecrypted is passed on).
     */
    void relay(BackendResponse response, OutputStream out, boolean sse) throws IOException {
        String domain = response.verification().domain();
        capture = checksSignature(response) ? new ResponseCapture(sse, maxCaptured) : null;
        boolean complete = false;
        try {
            complete = decrypts(response) && sse ? decryptLines(response, out, domain) : copy(response, out, sse, domain);
        } finally {
            end(response, complete);
        }
    }

    private boolean copy(BackendResponse response, OutputStream out, boolean sse, String domain) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        InputStream in = response.body();
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException upstream) {
                brokeOff(out, sse, domain, upstream);
                return false;
            }
            if (n < 0) {
                return true;
            }
            if (capture != null) {
                capture.update(buffer, 0, n);
            }
            // A client write failure propagates: the connection is then aborted, which cancels upstream.
            out.write(buffer, 0, n);
            // Flush whenever the next read could wait: each event still reaches the client before the
            // backend produces the next, but a burst already received goes out in one flush.
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    private boolean decryptLines(BackendResponse response, OutputStream out, String domain) throws IOException {
        E2eeForwarding forwarding = e2ee.orElseThrow();
        SseLineReader lines = new SseLineReader(response.body(), forwarding.maxLineBytes());
        SseLineTransformer opener = forwarding.streamOpener();
        while (true) {
            byte[] line;
            try {
                line = lines.readLine();
            } catch (IOException upstream) {
                brokeOff(out, true, domain, upstream);
                return false;
            } catch (E2eeException tooLong) {
                undecryptable(out, domain, tooLong);
                return false;
            }
            if (line == null) {
                return true;
            }
            if (capture != null) {
                capture.update(line); // the signed bytes are the encrypted ones, as received
            }
            byte[] clear;
            try {
                clear = opener.apply(line);
            } catch (E2eeException e) {
                undecryptable(out, domain, e);
                return false;
            }
            out.write(clear);
            out.flush();
        }
    }

    private static void brokeOff(OutputStream out, boolean sse, String domain, IOException upstream) throws IOException {
        LOG.log(Level.WARNING, "stream from {0} broke off: {1}", domain, upstream.getMessage());
        if (sse) {
            writeSseError(out, "The stream from " + domain + " broke off before it was complete.",
                    "upstream_stream_interrupted");
        }
    }

    private static void undecryptable(OutputStream out, String domain, E2eeException e) throws IOException {
        LOG.log(Level.WARNING, "stream from {0} stopped: {1}", domain, e.getMessage());
        writeSseError(out, "The stream from " + domain + " could not be decrypted (" + e.getMessage()
                + "); it was stopped.", "e2ee_decryption_failed");
    }

    /** Mid-stream errors are reported the way NEAR's gateway reports them, as a final SSE event. */
    private static void writeSseError(OutputStream out, String message, String code) throws IOException {
        String event = "data: " + JSON.createObjectBuilder().add("error", JSON.createObjectBuilder()
                .add("message", message).add("type", "upstream_error").add("code", code)).build() + "\n\n";
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Releases the connection (kept alive only after a complete answer), then hands the check over. */
    private void end(BackendResponse response, boolean complete) {
        if (complete) {
            response.close();
        } else {
            response.abort();
        }
        if (capture == null) {
            return;
        }
        try {
            Optional<String> chatId = capture.chatId();
            if (chatId.isEmpty()) {
                LOG.log(Level.WARNING, "chat answer from {0} has no usable id within {1} bytes: its signature is not checked",
                        response.verification().domain(), maxCaptured);
                return;
            }
            verifier.submit(new ChatExchange(chatId.get(), requestSha256, capture.sha256(), complete, target,
                    response.verification(), algo, fetchHeaders, Instant.now()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "signature check of an answer from {0} could not be started: {1}",
                    response.verification().domain(), e.toString());
        }
    }

    private boolean decrypts(BackendResponse response) {
        return e2ee.isPresent() && response.status() >= 200 && response.status() < 300;
    }

    private boolean checksSignature(BackendResponse response) {
        return verifier != null && response.status() == 200;
    }
}
