package dev.verifiedproxy.e2ee;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * One E2EE scheme on raw bytes (protocol.md §7.2–7.5): {@link #seal} makes the wire bytes of one
 * field for a recipient, {@code ephemeral public key ‖ nonce ‖ body}, with a fresh ephemeral key
 * and nonce every time; {@link #open} recovers the plaintext with the recipient's private key.
 *
 * <ul>
 *   <li>ecdsa: secp256k1 ECDH, HKDF "ecdsa_encryption", AES-256-GCM; {@code 04‖X‖Y (65) ‖ nonce (12) ‖ ct ‖ tag};
 *       at least 93 bytes.</li>
 *   <li>ed25519 v1: NaCl box; {@code eph (32) ‖ nonce (24) ‖ tag ‖ ct}, at least 72 bytes. Sealing uses
 *       XSalsa20 towards the model (what every NEAR proxy version opens) and XChaCha20 towards the
 *       client (what the model TEE sends since 2026-03-12); opening accepts both, XChaCha20 first,
 *       like inference-proxy: both are authenticated under the same key, so either proves the sender.</li>
 *   <li>ed25519 v2: X25519, HKDF "ed25519_encryption", XChaCha20-Poly1305; {@code eph (32) ‖ nonce (24) ‖ ct ‖ tag},
 *       at least 72 bytes.</li>
 * </ul>
 */
public final class WireCipher {

    private final E2eeScheme scheme;
    private final KeyAgreement agreement;
    private final SymmetricBox sealWith;
    private final List<SymmetricBox> openWith;
    private final SecureRandom random;

    private WireCipher(E2eeScheme scheme, KeyAgreement agreement, SymmetricBox sealWith, List<SymmetricBox> openWith,
                       SecureRandom random) {
        this.scheme = scheme;
        this.agreement = agreement;
        this.sealWith = sealWith;
        this.openWith = openWith;
        this.random = random;
    }

    /** The cipher of a scheme for one direction (which only matters for v1's box variant). */
    public static WireCipher of(E2eeScheme scheme, Direction direction, SecureRandom random) {
        return switch (scheme) {
            case ECIES_SECP256K1_AES_GCM -> new WireCipher(scheme, KeyAgreement.SECP256K1_ECDH,
                    SymmetricBox.HkdfAead.ECIES, List.of(SymmetricBox.HkdfAead.ECIES), random);
            case NACL_BOX_V1 -> new WireCipher(scheme, KeyAgreement.X25519,
                    direction == Direction.TO_MODEL ? NaclSecretBox.XSALSA20 : NaclSecretBox.XCHACHA20,
                    List.of(NaclSecretBox.XCHACHA20, NaclSecretBox.XSALSA20), random);
            case X25519_XCHACHA20_V2 -> new WireCipher(scheme, KeyAgreement.X25519,
                    SymmetricBox.HkdfAead.V2, List.of(SymmetricBox.HkdfAead.V2), random);
        };
    }

    public E2eeScheme scheme() {
        return scheme;
    }

    /** @throws E2eeException {@link E2eeFailure#KEY_ALGORITHM_MISMATCH} for a key of the other algorithm */
    public byte[] seal(E2eePublicKey recipient, byte[] plaintext) {
        byte[] secret = agreement.newSecret(random);
        byte[] nonce = new byte[sealWith.nonceLength()];
        random.nextBytes(nonce);
        try {
            return seal(recipient, plaintext, secret, nonce);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * {@link #seal} with a given ephemeral private key and nonce, for known-answer tests only: both
     * must be fresh and random for every field, which only {@link #seal(E2eePublicKey, byte[])}
     * guarantees. Package-private so that production code outside this package cannot reach it.
     */
    byte[] seal(E2eePublicKey recipient, byte[] plaintext, byte[] ephemeralSecret, byte[] nonce) {
        KeyAgreement.Ephemeral ephemeral = agreement.ephemeral(recipient, ephemeralSecret);
        try {
            return new WireLayout(ephemeral.publicKey(), nonce, sealWith.sealShared(ephemeral.shared(), nonce, plaintext))
                    .join();
        } finally {
            Arrays.fill(ephemeral.shared(), (byte) 0);
        }
    }

    /**
     * @throws E2eeException {@link E2eeFailure#CIPHERTEXT_TOO_SHORT}, {@link E2eeFailure#INVALID_EPHEMERAL_KEY},
     *                       {@link E2eeFailure#WEAK_SHARED_SECRET}, {@link E2eeFailure#AUTHENTICATION_FAILED}
     *                       (tampered, or for another key) or {@link E2eeFailure#KEY_ALGORITHM_MISMATCH}
     */
    public byte[] open(E2eePrivateKey recipient, byte[] wire) {
        WireLayout parts = WireLayout.split(wire, agreement.publicKeyLength(), sealWith.nonceLength());
        byte[] shared = agreement.shared(recipient, parts.ephemeral());
        try {
            for (SymmetricBox box : openWith) {
                try {
                    return box.openShared(shared, parts.nonce(), parts.body());
                } catch (E2eeException notThisBox) {
                    // v1 tries its other box; the failure is reported once all were tried
                }
            }
            throw new E2eeException(E2eeFailure.AUTHENTICATION_FAILED);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }
}
