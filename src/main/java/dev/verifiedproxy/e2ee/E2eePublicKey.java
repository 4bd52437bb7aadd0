package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.Hex;
import dev.verifiedproxy.signature.SigningAlgo;

/**
 * A public key fields are encrypted to: the model's attested {@code signing_public_key}, or the
 * client key of {@code X-Client-Pub-Key}. Validated on construction; safe to print.
 */
public sealed interface E2eePublicKey permits Secp256k1PublicKey, Ed25519PublicKey {

    SigningAlgo algo();

    /** The header form: ed25519 64 hex digits; ecdsa 128 hex digits (X‖Y, as NEAR's {@code signing_public_key}). */
    String hex();

    /**
     * Parses a key in the header / attestation form (hex, no {@code 0x}).
     *
     * @throws E2eeException {@link E2eeFailure#BAD_HEX}, {@link E2eeFailure#BAD_KEY_LENGTH} or
     *                       {@link E2eeFailure#INVALID_PUBLIC_KEY}
     */
    static E2eePublicKey parse(SigningAlgo algo, String hex) {
        byte[] bytes = Hex.decode(hex).orElseThrow(() -> new E2eeException(E2eeFailure.BAD_HEX, "public key"));
        return algo == SigningAlgo.ECDSA ? Secp256k1PublicKey.fromBytes(bytes) : Ed25519PublicKey.fromBytes(bytes);
    }
}
