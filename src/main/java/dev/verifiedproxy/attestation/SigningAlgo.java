package dev.verifiedproxy.attestation;

import java.util.Locale;
import java.util.Optional;

/** The two signing-key kinds NEAR binds in report data (protocol.md §3). */
public enum SigningAlgo {
    /** secp256k1; the address is the 20-byte Ethereum address, Keccak-256(X ‖ Y)[12..32]. */
    ECDSA(20),
    /** The address is the 32-byte public key itself. */
    ED25519(32);

    private final int addressBytes;

    SigningAlgo(int addressBytes) {
        this.addressBytes = addressBytes;
    }

    public int addressBytes() {
        return addressBytes;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The gateway accepts either case; the model proxy only lower case. Both are read. */
    public static Optional<SigningAlgo> parse(String text) {
        for (SigningAlgo algo : values()) {
            if (algo.json().equalsIgnoreCase(text)) {
                return Optional.of(algo);
            }
        }
        return Optional.empty();
    }
}
