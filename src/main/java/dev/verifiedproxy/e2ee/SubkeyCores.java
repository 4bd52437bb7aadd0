package dev.verifiedproxy.e2ee;

import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.util.Pack;

/**
 * HSalsa20 and HChaCha20: a 32-byte key and 16 input bytes to a 32-byte subkey. They are the
 * Salsa20/ChaCha20 permutation output words without the final "add the input" step. BouncyCastle
 * exposes only the full core (with that step), so the input words are subtracted again; this is
 * exact because the addition is word-wise mod 2^32. Tested against NaCl's "firstkey" and
 * draft-irtf-cfrg-xchacha §2.2.1.
 */
final class SubkeyCores {

    private static final int ROUNDS = 20;
    // "expand 32-byte k" as four little-endian words.
    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

    private SubkeyCores() {
    }

    static byte[] hsalsa20(byte[] key, byte[] input) {
        int[] state = new int[16];
        state[0] = SIGMA[0];
        state[5] = SIGMA[1];
        state[10] = SIGMA[2];
        state[15] = SIGMA[3];
        Pack.littleEndianToInt(key, 0, state, 1, 4);
        Pack.littleEndianToInt(input, 0, state, 6, 4);
        Pack.littleEndianToInt(key, 16, state, 11, 4);
        int[] out = new int[16];
        Salsa20Engine.salsaCore(ROUNDS, state, out);
        return Pack.intToLittleEndian(unfed(state, out, 0, 5, 10, 15, 6, 7, 8, 9));
    }

    static byte[] hchacha20(byte[] key, byte[] input) {
        int[] state = new int[16];
        System.arraycopy(SIGMA, 0, state, 0, 4);
        Pack.littleEndianToInt(key, 0, state, 4, 8);
        Pack.littleEndianToInt(input, 0, state, 12, 4);
        int[] out = new int[16];
        ChaChaEngine.chachaCore(ROUNDS, state, out);
        return Pack.intToLittleEndian(unfed(state, out, 0, 1, 2, 3, 12, 13, 14, 15));
    }

    /** The chosen output words with the feed-forward of the input taken back out. */
    private static int[] unfed(int[] state, int[] out, int... words) {
        int[] result = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            result[i] = out[words[i]] - state[words[i]];
        }
        return result;
    }
}
