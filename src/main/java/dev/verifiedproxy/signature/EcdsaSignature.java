package dev.verifiedproxy.signature;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An Ethereum personal_sign signature as NEAR prints it: {@code 0x} + hex of r (32) ‖ s (32) ‖ v (1)
 * (protocol.md §6.4). Only the layout is checked here; the values are judged by {@link EcdsaRecovery}.
 *
 * @param r the x coordinate of the nonce point, mod n
 * @param s the proof
 * @param v 27 + recovery id, as NEAR writes it
 */
public record EcdsaSignature(BigInteger r, BigInteger s, int v) {

    /** Bytes of r ‖ s ‖ v. */
    public static final int LENGTH = 65;

    /**
     * @param hex {@code 0x} + 130 hex digits (the prefix is optional)
     * @throws SignatureInputException when the length or the digits are wrong
     */
    public static EcdsaSignature parse(String hex) {
        return fromBytes(ChatSignature.decodeSignature(SigningAlgo.ECDSA, hex));
    }

    /** From r ‖ s ‖ v, 65 bytes. */
    public static EcdsaSignature fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("r||s||v is 65 bytes");
        }
        return new EcdsaSignature(new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64)), bytes[64] & 0xff);
    }

    /** {@code 0x} + hex of r ‖ s ‖ v. */
    public String hex() {
        byte[] bytes = new byte[LENGTH];
        put(r, bytes, 0);
        put(s, bytes, 32);
        bytes[64] = (byte) v;
        return "0x" + Hex.encode(bytes);
    }

    private static void put(BigInteger value, byte[] into, int offset) {
        byte[] raw = value.toByteArray();
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, into, offset + 32 - length, length);
    }
}
