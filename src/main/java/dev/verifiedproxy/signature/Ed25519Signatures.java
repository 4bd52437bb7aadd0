package dev.verifiedproxy.signature;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Ed25519 (RFC 8032) verification of NEAR's signatures over the UTF-8 bytes of the text. */
public final class Ed25519Signatures {

    public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;
    public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

    private Ed25519Signatures() {
    }

    /**
     * Succeeds only if {@code signature} is a valid, canonical signature of {@code message} by
     * {@code publicKey}. The key must be a canonical encoding of a point in the prime-order
     * subgroup: a small-order key would "verify" signatures its owner never made.
     */
    public static void verify(byte[] publicKey, byte[] message, byte[] signature) throws SignatureRejected {
        if (publicKey.length != PUBLIC_KEY_LENGTH || !Ed25519.validatePublicKeyFull(publicKey, 0)) {
            throw new SignatureRejected(SignatureFailure.INVALID_PUBLIC_KEY);
        }
        if (signature.length != SIGNATURE_LENGTH
                || !Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length)) {
            throw new SignatureRejected(SignatureFailure.BAD_SIGNATURE);
        }
    }
}
