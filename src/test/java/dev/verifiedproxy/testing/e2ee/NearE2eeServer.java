package dev.verifiedproxy.testing.e2ee;

import dev.verifiedproxy.e2ee.E2eeEndpoint;
import dev.verifiedproxy.e2ee.E2eeHeaders;
import dev.verifiedproxy.e2ee.E2eeSession;
import dev.verifiedproxy.e2ee.SseLineReader;
import dev.verifiedproxy.e2ee.SseLineTransformer;
import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.signature.TeeSigningKeys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * NEAR AI inference-proxy's side of E2EE, for the simulated TEE backend and tests. Like the real
 * server it reads the E2EE headers, decrypts request fields with the model key of the requested
 * algorithm (strict for the always-encrypted fields, plaintext accepted for the all-fields ones,
 * both v1 box variants), and encrypts each response field and SSE chunk to the client key with a
 * fresh ephemeral key (v1: the XChaCha20 box, as since 2026-03-12). Use the returned session's
 * {@code transformRequest}, {@code transformResponse} and {@code responseStreamTransformer}.
 */
public final class NearE2eeServer {

    /** Generous: upstream SSE lines are chunks of a few hundred bytes. */
    private static final int MAX_LINE = 1 << 20;

    private NearE2eeServer() {
    }

    /**
     * The model's session for one request, or empty when it carries no E2EE headers.
     *
     * @throws dev.verifiedproxy.e2ee.E2eeException for malformed headers (the real server answers 400)
     */
    public static Optional<E2eeSession> accept(E2eeHeaders.Lookup requestHeaders, TeeSigningKeys modelKeys,
                                               SecureRandom random) {
        return E2eeHeaders.parse(requestHeaders).map(headers -> E2eeSession.acceptAsModel(headers,
                headers.algo() == SigningAlgo.ECDSA ? modelKeys.ecdsa() : modelKeys.ed25519(), random));
    }

    /** A whole SSE body passed through {@code session}'s response transformation line by line. */
    public static byte[] transformStream(E2eeSession session, E2eeEndpoint endpoint, byte[] sse) {
        return transformStream(session.responseStreamTransformer(endpoint), sse);
    }

    /** A whole SSE body passed through {@code transformer} line by line. */
    public static byte[] transformStream(SseLineTransformer transformer, byte[] sse) {
        SseLineReader lines = new SseLineReader(new ByteArrayInputStream(sse), MAX_LINE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (byte[] line = lines.readLine(); line != null; line = lines.readLine()) {
                out.write(transformer.apply(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
