package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;

import java.security.SecureRandom;

/**
 * A private key fields are decrypted with: the proxy's per-request client key, or (in tests) a
 * model key. Its {@code toString} never shows the secret.
 */
public sealed interface E2eePrivateKey permits Secp256k1PrivateKey, Ed25519PrivateKey {

    SigningAlgo algo();

    E2eePublicKey publicKey();

    /** A fresh random key of the given algorithm. */
    static E2eePrivateKey generate(SigningAlgo algo, SecureRandom random) {
        return algo == SigningAlgo.ECDSA ? Secp256k1PrivateKey.generate(random) : Ed25519PrivateKey.generate(random);
    }
}
