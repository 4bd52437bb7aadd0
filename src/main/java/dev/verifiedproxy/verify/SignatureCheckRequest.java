package dev.verifiedproxy.verify;

import dev.verifiedproxy.signature.ChatSignature;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The body of {@code POST /verify/signature}: NEAR's signature JSON as is, plus optionally the
 * exact request and response bodies (as JSON strings) whose hashes the signed text must carry.
 *
 * @param signature    the signature document
 * @param requestBody  the request body exactly as sent (its UTF-8 bytes are hashed)
 * @param responseBody the response body exactly as received, SSE separators included
 */
public record SignatureCheckRequest(ChatSignature signature, Optional<String> requestBody,
                                    Optional<String> responseBody) {

    /** @throws dev.verifiedproxy.signature.SignatureInputException naming the malformed field */
    public static SignatureCheckRequest fromJson(JsonObject json) {
        return new SignatureCheckRequest(ChatSignature.fromJson(json),
                ChatSignature.optionalString(json, "request_body"),
                ChatSignature.optionalString(json, "response_body"));
    }

    public Optional<byte[]> requestBytes() {
        return requestBody.map(body -> body.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<byte[]> responseBytes() {
        return responseBody.map(body -> body.getBytes(StandardCharsets.UTF_8));
    }
}
