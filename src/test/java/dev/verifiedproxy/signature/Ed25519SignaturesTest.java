package dev.verifiedproxy.signature;

import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 8032 §7.1 tests 1–3, and what must not verify. */
class Ed25519SignaturesTest {

    private static final HexFormat HEX = HexFormat.of();

    // {public key, message, signature}
    private static final String[][] RFC8032 = {
        {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };

    @Test
    void rfc8032VectorsVerify() {
        for (String[] v : RFC8032) {
            assertDoesNotThrow(() -> Ed25519Signatures.verify(HEX.parseHex(v[0]), HEX.parseHex(v[1]), HEX.parseHex(v[2])));
        }
    }

    @Test
    void anotherMessageOrAFlippedBitDoesNotVerify() {
        String[] v = RFC8032[1];
        assertEquals(SignatureFailure.BAD_SIGNATURE, reject(v[0], "73", v[2]));
        byte[] sig = HEX.parseHex(v[2]);
        sig[10] ^= 1;
        assertEquals(SignatureFailure.BAD_SIGNATURE, reject(v[0], v[1], HEX.formatHex(sig)));
    }

    @Test
    void aNonCanonicalSIsRejected() {
        // S + L, where L is the group order: same point equation, non-canonical encoding.
        String[] v = RFC8032[0];
        byte[] sig = HEX.parseHex(v[2]);
        BigInteger l = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] sBe = new byte[32];
        for (int i = 0; i < 32; i++) {
            sBe[i] = sig[63 - i];
        }
        byte[] bigger = BigIntegers.asUnsignedByteArray(32, new BigInteger(1, sBe).add(l));
        for (int i = 0; i < 32; i++) {
            sig[32 + i] = bigger[31 - i];
        }
        assertEquals(SignatureFailure.BAD_SIGNATURE, reject(v[0], v[1], HEX.formatHex(sig)));
    }

    @Test
    void smallOrderAndOffCurveKeysAreInvalid() {
        String sig = RFC8032[0][2];
        // The identity point (y = 1) has order 1: it would accept forged signatures.
        assertEquals(SignatureFailure.INVALID_PUBLIC_KEY, reject("01" + "00".repeat(31), "", sig));
        // y = 2 is not the y coordinate of any curve point.
        assertEquals(SignatureFailure.INVALID_PUBLIC_KEY, reject("02" + "00".repeat(31), "", sig));
        assertEquals(SignatureFailure.INVALID_PUBLIC_KEY, reject("00".repeat(31), "", sig));
    }

    private static SignatureFailure reject(String key, String message, String signature) {
        return assertThrows(SignatureRejected.class, () -> Ed25519Signatures.verify(HEX.parseHex(key),
                HEX.parseHex(message), HEX.parseHex(signature))).failure();
    }
}
