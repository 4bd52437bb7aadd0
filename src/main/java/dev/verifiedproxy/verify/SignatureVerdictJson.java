package dev.verifiedproxy.verify;

import dev.verifiedproxy.signature.ChatSignatureVerdict;
import dev.verifiedproxy.signature.SignatureFailure;
import dev.verifiedproxy.signature.SignatureKind;
import jakarta.json.JsonObjectBuilder;

import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * The answer of {@code POST /verify/signature} (architecture.md §4): {@code valid},
 * {@code recoveredAddress}, {@code requestHashMatches}, {@code responseHashMatches} (null when no
 * body was given), {@code error}; then {@code reason} (the failed check's code), {@code signingAlgo},
 * {@code signatureKind}, {@code signedBy} and {@code model} (null for the two-part text).
 */
final class SignatureVerdictJson {

    private SignatureVerdictJson() {
    }

    static String of(ChatSignatureVerdict verdict) {
        return object(verdict).build().toString();
    }

    /** The same fields, to embed (e.g. in {@code GET /verify/chat/{id}}). */
    static JsonObjectBuilder object(ChatSignatureVerdict verdict) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("valid", verdict.valid());
        add(json, "recoveredAddress", verdict.recoveredSigner());
        add(json, "requestHashMatches", verdict.requestHash().asBoolean());
        add(json, "responseHashMatches", verdict.responseHash().asBoolean());
        add(json, "error", verdict.error());
        add(json, "reason", verdict.failure().map(SignatureFailure::code));
        json.add("signingAlgo", verdict.algo().wireName());
        add(json, "signatureKind", verdict.kind().map(SignatureKind::wireName));
        json.add("signedBy", verdict.kind().filter(k -> k == SignatureKind.GATEWAY).isPresent() ? "gateway" : "model");
        add(json, "model", verdict.text().model());
        return json;
    }

    static void add(JsonObjectBuilder json, String name, Optional<String> value) {
        if (value.isPresent()) {
            json.add(name, value.get());
        } else {
            json.addNull(name);
        }
    }

    static void add(JsonObjectBuilder json, String name, Boolean value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
