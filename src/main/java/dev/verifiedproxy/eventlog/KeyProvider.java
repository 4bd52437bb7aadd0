package dev.verifiedproxy.eventlog;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Objects;
import java.util.Optional;

/**
 * Who provided the CVM's keys, from the {@code key-provider} event: {@code {"name":"kms","id":"<hex>"}}
 * (for a KMS the id is the DER SubjectPublicKeyInfo of its root key), {@code local-sgx} or {@code none}.
 *
 * @param name provider kind
 * @param id   provider identity as sent (hex for kms)
 */
public record KeyProvider(String name, String id) {

    public KeyProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
    }

    /** Parses the event payload; empty unless it is a JSON object with string {@code name} and {@code id}. */
    public static Optional<KeyProvider> parse(String payloadText) {
        try {
            JsonValue value = JsonInput.parseEmbedded(payloadText, "key-provider");
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Optional.empty();
            }
            JsonObject json = value.asJsonObject();
            if (json.get("name") == null || json.get("name").getValueType() != JsonValue.ValueType.STRING
                    || json.get("id") == null || json.get("id").getValueType() != JsonValue.ValueType.STRING) {
                return Optional.empty();
            }
            return Optional.of(new KeyProvider(json.getString("name"), json.getString("id")));
        } catch (MalformedEvidenceException e) {
            return Optional.empty();
        }
    }
}
