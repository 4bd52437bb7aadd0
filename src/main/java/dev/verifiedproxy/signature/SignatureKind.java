package dev.verifiedproxy.signature;

import java.util.Optional;

/**
 * NEAR's {@code signature_kind}: which TEE key made a gateway-stored signature. Direct
 * inference-proxy answers and gateway rows older than the column have none.
 */
public enum SignatureKind {
    /** The model TEE's key signed the bytes it served. */
    PROVIDER_TEE("provider_tee"),
    /** The gateway TEE's key signed bytes it rewrote (protocol.md §6.2); verify against the gateway's address. */
    GATEWAY("gateway");

    private final String wireName;

    SignatureKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SignatureKind> fromWire(String name) {
        for (SignatureKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
