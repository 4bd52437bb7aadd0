package dev.verifiedproxy.chatcheck;

import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.transport.BackendTarget;
import dev.verifiedproxy.transport.VerifiedBackend;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the proxy knows of one relayed chat completion once its answer has ended: enough to fetch
 * and check the signature later, from the same backend.
 *
 * @param chatId         the answer's id (JSON {@code id}; SSE: the first data event's {@code id})
 * @param requestSha256  lowercase hex SHA-256 of the exact request body sent upstream (the ciphertext under E2EE)
 * @param responseSha256 lowercase hex SHA-256 of the exact answer bytes received from upstream, before any decryption
 * @param complete       whether the answer was read to its end (NEAR keeps no signature for a broken one)
 * @param target         the backend, to reach it again
 * @param served         what the connection that carried the answer is verified as: domain, TLS key
 *                       (SPKI), attested signer and model
 * @param algo           the attested signing algorithm, hence the signature to ask for
 * @param fetchHeaders   headers for {@code GET /v1/signature/{id}} (NEAR wants the API key); never printed
 * @param answeredAt     when the answer ended
 */
public record ChatExchange(String chatId, String requestSha256, String responseSha256, boolean complete,
                           BackendTarget target, VerifiedBackend served, SigningAlgo algo,
                           Map<String, String> fetchHeaders, Instant answeredAt) {

    public ChatExchange {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(requestSha256, "requestSha256");
        Objects.requireNonNull(responseSha256, "responseSha256");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(algo, "algo");
        Objects.requireNonNull(answeredAt, "answeredAt");
        fetchHeaders = Map.copyOf(fetchHeaders);
    }

    @Override
    public String toString() {
        // fetchHeaders hold an API key: never print them.
        return "ChatExchange[" + chatId + " from " + served.domain() + ", spki " + served.spki().hex() + "]";
    }
}
