package dev.verifiedproxy.verify;

import dev.verifiedproxy.chatcheck.ChatCheckFailure;
import dev.verifiedproxy.chatcheck.ChatCheckResult;
import dev.verifiedproxy.chatcheck.ChatCheckStatus;
import dev.verifiedproxy.signature.SignatureFailure;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * The answer of {@code GET /verify/chat/{id}}: {@code id}, {@code status} (pending, valid, invalid,
 * unverified), {@code valid}, {@code reason} (the failed check's code), {@code signatureFailure}
 * (the cryptographic reason when the signature itself failed), {@code error}, the backend that
 * answered ({@code backend}, {@code spki}, {@code attestedModel}), the hashes of the bytes relayed,
 * {@code attempts}, {@code answeredAt}, {@code checkedAt}, and {@code signature}: the verdict in the
 * shape of {@code POST /verify/signature}, or null when no signature could be checked.
 */
final class ChatCheckJson {

    private ChatCheckJson() {
    }

    static String of(ChatCheckResult result) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("id", result.chatId())
                .add("status", result.status().code()).add("valid", result.status() == ChatCheckStatus.VALID);
        SignatureVerdictJson.add(json, "reason", result.failure().map(ChatCheckFailure::code));
        SignatureVerdictJson.add(json, "signatureFailure",
                result.verdict().flatMap(v -> v.failure()).map(SignatureFailure::code));
        SignatureVerdictJson.add(json, "error", result.detail());
        json.add("backend", result.domain()).add("spki", result.spki());
        SignatureVerdictJson.add(json, "attestedModel", result.attestedModel());
        json.add("requestSha256", result.requestSha256()).add("responseSha256", result.responseSha256())
                .add("attempts", result.attempts()).add("answeredAt", result.answeredAt().toString());
        SignatureVerdictJson.add(json, "checkedAt", result.checkedAt().map(Instant::toString));
        if (result.verdict().isPresent()) {
            json.add("signature", SignatureVerdictJson.object(result.verdict().get()));
        } else {
            json.addNull("signature");
        }
        return json.build().toString();
    }
}
