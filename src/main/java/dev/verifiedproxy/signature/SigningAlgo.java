package dev.verifiedproxy.signature;

import java.util.Locale;
import java.util.Optional;

/** The two key types a NEAR AI TEE signs with; also selects the E2EE scheme ({@code X-Signing-Algo}). */
public enum SigningAlgo {
    /** secp256k1, Ethereum personal_sign (EIP-191); identified by a 20-byte address. */
    ECDSA("ecdsa"),
    /** Ed25519 (RFC 8032); identified by its 32-byte public key. */
    ED25519("ed25519");

    private final String wireName;

    SigningAlgo(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire: {@code signing_algo}, {@code X-Signing-Algo}. */
    public String wireName() {
        return wireName;
    }

    /** Case-insensitive, as NEAR's gateway and inference-proxy accept it. */
    public static Optional<SigningAlgo> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (SigningAlgo algo : values()) {
            if (algo.wireName.equals(lower)) {
                return Optional.of(algo);
            }
        }
        return Optional.empty();
    }
}
