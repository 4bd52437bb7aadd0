package dev.verifiedproxy.testing.backend;

import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.signature.TeeSigningKeys;
import org.bouncycastle.util.encoders.Hex;

/**
 * One algorithm's view of a CVM's {@link TeeSigningKeys}, as its attestation report shows it:
 * secp256k1 for {@code ecdsa} (address = last 20 bytes of Keccak-256(X‖Y)) or Ed25519 (address =
 * public key).
 *
 * @param algo          {@code ecdsa} or {@code ed25519}
 * @param privateKey    32-byte secret scalar or seed
 * @param publicKey     64-byte X‖Y (ecdsa) or 32-byte key (ed25519)
 * @param addressBytes  20-byte address (ecdsa) or the 32-byte key (ed25519)
 */
public record SigningIdentity(String algo, byte[] privateKey, byte[] publicKey, byte[] addressBytes) {

    /** {@code algo}'s key of {@code keys}. */
    public static SigningIdentity of(TeeSigningKeys keys, SigningAlgo algo) {
        byte[] secret = algo == SigningAlgo.ECDSA ? keys.ecdsaScalar() : keys.ed25519Seed();
        return new SigningIdentity(algo.wireName(), secret.clone(), Hex.decode(keys.signingPublicKey(algo)),
                Hex.decode(keys.signingAddress(algo).replaceFirst("^0x", "")));
    }

    /** {@code signing_address} as NEAR writes it. */
    public String address() {
        return algo.equals("ecdsa") ? "0x" + Hex.toHexString(addressBytes) : Hex.toHexString(addressBytes);
    }

    /** {@code signing_public_key} as NEAR writes it (X‖Y without 04 for ecdsa). */
    public String publicKeyHex() {
        return Hex.toHexString(publicKey);
    }
}
