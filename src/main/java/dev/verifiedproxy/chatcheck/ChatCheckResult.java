package dev.verifiedproxy.chatcheck;

import dev.verifiedproxy.signature.ChatSignatureVerdict;

import java.time.Instant;
import java.util.Optional;

/**
 * The signature check of one chat answer, as far as it got.
 *
 * @param chatId         the answer's id
 * @param status         pending, valid, invalid or unverified
 * @param failure        why it is not valid; absent when valid or pending
 * @param detail         a sentence for humans about the failure (no bodies, no keys); absent when valid or pending
 * @param domain         the backend domain that answered
 * @param spki           hex SHA-256 of the TLS key of the CVM that answered, where the signature was fetched
 * @param attestedModel  the model name in that backend's attestation
 * @param verdict        the cryptographic verdict, once a signature was obtained and could be checked
 * @param requestSha256  hex SHA-256 of the request bytes sent upstream
 * @param responseSha256 hex SHA-256 of the answer bytes received from upstream
 * @param attempts       how many times the signature was requested
 * @param answeredAt     when the answer ended
 * @param checkedAt      when the check was decided; absent while pending
 */
public record ChatCheckResult(String chatId, ChatCheckStatus status, Optional<ChatCheckFailure> failure,
                              Optional<String> detail, String domain, String spki, Optional<String> attestedModel,
                              Optional<ChatSignatureVerdict> verdict, String requestSha256, String responseSha256,
                              int attempts, Instant answeredAt, Optional<Instant> checkedAt) {

    static ChatCheckResult pending(ChatExchange exchange) {
        return new ChatCheckResult(exchange.chatId(), ChatCheckStatus.PENDING, Optional.empty(), Optional.empty(),
                exchange.served().domain(), exchange.served().spki().hex(),
                Optional.ofNullable(exchange.served().outcome().modelName()), Optional.empty(),
                exchange.requestSha256(), exchange.responseSha256(), 0, exchange.answeredAt(), Optional.empty());
    }

    /** The decision: valid when {@code failure} is absent. */
    static ChatCheckResult decided(ChatExchange exchange, Optional<ChatCheckFailure> failure, String detail,
                                   Optional<ChatSignatureVerdict> verdict, int attempts, Instant at) {
        ChatCheckStatus status = failure.map(ChatCheckFailure::status).orElse(ChatCheckStatus.VALID);
        Optional<String> sentence = failure.map(f -> detail == null || detail.isBlank() ? f.message()
                : f.message() + ": " + detail);
        return new ChatCheckResult(exchange.chatId(), status, failure, sentence, exchange.served().domain(),
                exchange.served().spki().hex(), Optional.ofNullable(exchange.served().outcome().modelName()), verdict,
                exchange.requestSha256(), exchange.responseSha256(), attempts, exchange.answeredAt(), Optional.of(at));
    }
}
