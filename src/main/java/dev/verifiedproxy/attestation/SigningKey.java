package dev.verifiedproxy.attestation;

import java.util.Objects;
import java.util.Optional;

/**
 * The key a component signs answers with, as its report states it.
 *
 * @param algo         ecdsa or ed25519
 * @param address      {@code signing_address} as reported (ecdsa: {@code 0x}-prefixed, any case)
 * @param addressBytes the address bytes, lowercase hex (20 or 32 bytes)
 * @param publicKey    {@code signing_public_key}, lowercase hex, when reported (the gateway omits it)
 */
public record SigningKey(SigningAlgo algo, String address, String addressBytes, Optional<String> publicKey) {

    public SigningKey {
        Objects.requireNonNull(algo, "algo");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(addressBytes, "addressBytes");
        Objects.requireNonNull(publicKey, "publicKey");
        if (addressBytes.length() != algo.addressBytes() * 2) {
            throw new IllegalArgumentException(algo.json() + " addresses are " + algo.addressBytes() + " bytes");
        }
    }
}
