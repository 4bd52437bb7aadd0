package dev.verifiedproxy.e2ee;

import java.util.Arrays;

/**
 * Every scheme's wire value is {@code ephemeral public key ‖ nonce ‖ body}, the body holding the
 * ciphertext and its 16-byte tag in the scheme's order.
 *
 * @param ephemeral the sender's one-time public key
 * @param nonce     the random nonce
 * @param body      ciphertext and tag
 */
record WireLayout(byte[] ephemeral, byte[] nonce, byte[] body) {

    static final int TAG_LENGTH = 16;

    /** @throws E2eeException {@link E2eeFailure#CIPHERTEXT_TOO_SHORT} if there is not even room for an empty message */
    static WireLayout split(byte[] wire, int ephemeralLength, int nonceLength) {
        if (wire.length < ephemeralLength + nonceLength + TAG_LENGTH) {
            throw new E2eeException(E2eeFailure.CIPHERTEXT_TOO_SHORT, wire.length + " bytes, at least "
                    + (ephemeralLength + nonceLength + TAG_LENGTH) + " expected");
        }
        return new WireLayout(Arrays.copyOfRange(wire, 0, ephemeralLength),
                Arrays.copyOfRange(wire, ephemeralLength, ephemeralLength + nonceLength),
                Arrays.copyOfRange(wire, ephemeralLength + nonceLength, wire.length));
    }

    byte[] join() {
        byte[] wire = new byte[ephemeral.length + nonce.length + body.length];
        System.arraycopy(ephemeral, 0, wire, 0, ephemeral.length);
        System.arraycopy(nonce, 0, wire, ephemeral.length, nonce.length);
        System.arraycopy(body, 0, wire, ephemeral.length + nonce.length, body.length);
        return wire;
    }
}
