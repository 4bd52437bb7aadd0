package dev.verifiedproxy.e2ee;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every primitive the E2EE schemes are built from, against vectors published with its
 * specification: RFC 7748 §6.1 (X25519), NaCl's box/secretbox test (also libsodium test/default/box.c
 * and secretbox.c) and its HSalsa20 "firstkey", draft-irtf-cfrg-xchacha-03 §2.2.1 (HChaCha20) and
 * §A.3.1 (XChaCha20-Poly1305), libsodium's tv_secretbox_xchacha20poly1305 (test/default/xchacha20.c),
 * RFC 5869 test case 3 (HKDF-SHA256 without salt) and NIST GCM test case 14 (AES-256-GCM).
 */
class PublishedVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 7748 §6.1; the same keys are NaCl's alice and bob.
    private static final byte[] ALICE_SK = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PK = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_SK = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PK = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    // NaCl tests/box.c, secretbox.c
    private static final byte[] FIRSTKEY = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
    private static final byte[] NACL_NONCE = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
    private static final byte[] NACL_M = hex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
            + "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
            + "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
            + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864" + "5e0705");
    private static final byte[] NACL_C = hex("f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce"
            + "48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c972"
            + "71d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae"
            + "90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3" + "7973f622a43d14a6599b1f654cb45a74e355a5");

    private static byte[] hex(String text) {
        return HEX.parseHex(text);
    }

    @Test
    void x25519Rfc7748() {
        assertArrayEquals(ALICE_PK, X25519Keys.publicOf(ALICE_SK));
        assertArrayEquals(BOB_PK, X25519Keys.publicOf(BOB_SK));
        assertArrayEquals(SHARED, X25519Keys.agree(ALICE_SK, BOB_PK));
        assertArrayEquals(SHARED, X25519Keys.agree(BOB_SK, ALICE_PK));
    }

    @Test
    void x25519RefusesLowOrderPoints() {
        E2eeException e = assertThrows(E2eeException.class, () -> X25519Keys.agree(ALICE_SK, new byte[32]));
        assertEquals(E2eeFailure.WEAK_SHARED_SECRET, e.reason());
        byte[] one = new byte[32];
        one[0] = 1;
        assertEquals(E2eeFailure.WEAK_SHARED_SECRET,
                assertThrows(E2eeException.class, () -> X25519Keys.agree(ALICE_SK, one)).reason());
    }

    @Test
    void hsalsa20GivesNaclsFirstKey() {
        assertArrayEquals(FIRSTKEY, SubkeyCores.hsalsa20(SHARED, new byte[16]));
        assertArrayEquals(FIRSTKEY, NaclSecretBox.XSALSA20.key(SHARED));
    }

    @Test
    void hchacha20Draft221() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        assertEquals("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc",
                HEX.formatHex(SubkeyCores.hchacha20(key, hex("000000090000004a0000000031415927"))));
    }

    @Test
    void naclSecretboxXsalsa20() {
        assertArrayEquals(NACL_C, NaclSecretBox.XSALSA20.seal(FIRSTKEY, NACL_NONCE, NACL_M));
        assertArrayEquals(NACL_M, NaclSecretBox.XSALSA20.open(FIRSTKEY, NACL_NONCE, NACL_C));
    }

    @Test
    void naclCryptoBoxFromAliceToBob() {
        // crypto_box_easy(m, nonce, bobpk, alicesk): beforenm, then secretbox.
        byte[] key = NaclSecretBox.XSALSA20.key(X25519Keys.agree(ALICE_SK, BOB_PK));
        assertArrayEquals(NACL_C, NaclSecretBox.XSALSA20.seal(key, NACL_NONCE, NACL_M));
        byte[] bobsKey = NaclSecretBox.XSALSA20.key(X25519Keys.agree(BOB_SK, ALICE_PK));
        assertArrayEquals(NACL_M, NaclSecretBox.XSALSA20.open(bobsKey, NACL_NONCE, NACL_C));
    }

    @Test
    void libsodiumSecretboxXchacha20() {
        // {key, nonce, message, tag ‖ ciphertext}
        String[][] vectors = {
            {"065ff46a9dddb1ab047ee5914d6d575a828b8cc1f454b24e8cd0f57efdc49a34",
                "f83262646ce01293b9923a65a073df78c54b2e799cd6c4e5", "", "4c72340416339dcdea01b760db5adaf7"},
            {"d3c71d54e6b13506e07aa2e7b412a17a7a1f34df3d3148cd3f45b91ccaa5f4d9",
                "943b454a853aa514c63cf99b1e197bbb99da24b2e2d93e47",
                "76bd706e07741e713d90efdb34ad202067263f984942aae8bda159f30dfccc72200f8093520b85c5ad124ff7c8b2d920"
                    + "946e5cfff4b819abf84c7b35a6205ca72c9f8747c3044dd73fb4bebda1b476",
                "0384276f1cfa5c82c3e58f0f2acc1f821c6f526d2c19557cf8bd270fcde43fba1d88890663f7b2f5c6b1d7deccf5c91b"
                    + "4df5865dc55cc7e04d6793fc2db8f9e3b418f95cb796d67a7f3f7e097150cb607c435dacf82eac3d669866e5092ace"},
        };
        for (String[] v : vectors) {
            assertEquals(v[3], HEX.formatHex(NaclSecretBox.XCHACHA20.seal(hex(v[0]), hex(v[1]), hex(v[2]))));
            assertEquals(v[2], HEX.formatHex(NaclSecretBox.XCHACHA20.open(hex(v[0]), hex(v[1]), hex(v[3]))));
        }
    }

    @Test
    void secretboxRejectsAnyChangedByte() {
        for (int i = 0; i < NACL_C.length; i += 13) {
            byte[] forged = NACL_C.clone();
            forged[i] ^= 1;
            assertEquals(E2eeFailure.AUTHENTICATION_FAILED, assertThrows(E2eeException.class,
                    () -> NaclSecretBox.XSALSA20.open(FIRSTKEY, NACL_NONCE, forged)).reason());
        }
        // The other stream cipher under the same key and nonce does not open it either.
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED, assertThrows(E2eeException.class,
                () -> NaclSecretBox.XCHACHA20.open(FIRSTKEY, NACL_NONCE, NACL_C)).reason());
    }

    @Test
    void xchacha20Poly1305DraftA31() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[24];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (0x80 + i);
        }
        for (int i = 0; i < 24; i++) {
            nonce[i] = (byte) (0x40 + i);
        }
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        String expected = "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
                + "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
                + "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
                + "21f9664c97637da9768812f615c68b13b52e" + "c0875924c1c7987947deafd8780acf49";
        assertEquals(expected, HEX.formatHex(Aead.XCHACHA20_POLY1305.seal(key, nonce, aad, plaintext)));
        assertArrayEquals(plaintext, Aead.XCHACHA20_POLY1305.open(key, nonce, aad, hex(expected)));
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED, assertThrows(E2eeException.class,
                () -> Aead.XCHACHA20_POLY1305.open(key, nonce, new byte[0], hex(expected))).reason());
    }

    @Test
    void hkdfSha256WithoutSaltRfc5869Case3() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HEX.formatHex(Hkdf.sha256(ikm, null, new byte[0], 42)));
    }

    @Test
    void aes256GcmNistTestCase14() {
        byte[] sealed = Aead.AES_256_GCM.seal(new byte[32], new byte[12], new byte[0], new byte[16]);
        assertEquals("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919", HEX.formatHex(sealed));
        assertArrayEquals(new byte[16], Aead.AES_256_GCM.open(new byte[32], new byte[12], new byte[0], sealed));
    }
}
