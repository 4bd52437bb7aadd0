package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every scheme in both directions: round trips, layouts, and each way a ciphertext can be wrong. */
class WireCipherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "Grüße, 世界! — a field of some length to cross a block boundary"
            .getBytes(StandardCharsets.UTF_8);

    private record Case(E2eeScheme scheme, Direction direction, int ephemeral, int nonce) {
        SigningAlgo algo() {
            return scheme == E2eeScheme.ECIES_SECP256K1_AES_GCM ? SigningAlgo.ECDSA : SigningAlgo.ED25519;
        }

        WireCipher cipher() {
            return WireCipher.of(scheme, direction, RANDOM);
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            cases.add(new Case(E2eeScheme.ECIES_SECP256K1_AES_GCM, direction, 65, 12));
            cases.add(new Case(E2eeScheme.NACL_BOX_V1, direction, 32, 24));
            cases.add(new Case(E2eeScheme.X25519_XCHACHA20_V2, direction, 32, 24));
        }
        return cases;
    }

    @Test
    void everySchemeRoundTripsInBothDirections() {
        for (Case c : cases()) {
            E2eePrivateKey recipient = E2eePrivateKey.generate(c.algo(), RANDOM);
            for (byte[] message : List.of(MESSAGE, new byte[0], new byte[1000])) {
                byte[] wire = c.cipher().seal(recipient.publicKey(), message);
                assertEquals(c.ephemeral() + c.nonce() + 16 + message.length, wire.length, c.toString());
                assertArrayEquals(message, c.cipher().open(recipient, wire), c.toString());
            }
        }
    }

    @Test
    void everyFieldGetsAFreshEphemeralKeyAndNonce() {
        for (Case c : cases()) {
            E2eePrivateKey recipient = E2eePrivateKey.generate(c.algo(), RANDOM);
            byte[] one = c.cipher().seal(recipient.publicKey(), MESSAGE);
            byte[] two = c.cipher().seal(recipient.publicKey(), MESSAGE);
            int fixed = c.ephemeral() + c.nonce();
            assertFalse(Arrays.equals(one, 0, c.ephemeral(), two, 0, c.ephemeral()), c.toString());
            assertFalse(Arrays.equals(one, c.ephemeral(), fixed, two, c.ephemeral(), fixed), c.toString());
        }
    }

    @Test
    void eciesEphemeralKeysAreUncompressedPoints() {
        E2eePrivateKey recipient = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM);
        byte[] wire = WireCipher.of(E2eeScheme.ECIES_SECP256K1_AES_GCM, Direction.TO_MODEL, RANDOM).seal(recipient.publicKey(), MESSAGE);
        assertEquals(4, wire[0]);
        Secp256k1PublicKey.fromBytes(Arrays.copyOf(wire, 65));
    }

    @Test
    void tamperingAnywhereIsDetected() {
        for (Case c : cases()) {
            E2eePrivateKey recipient = E2eePrivateKey.generate(c.algo(), RANDOM);
            byte[] wire = c.cipher().seal(recipient.publicKey(), MESSAGE);
            // a byte of the ephemeral key (not the ECIES prefix), of the nonce, of the tag or ciphertext, the last byte
            for (int at : new int[] {5, c.ephemeral() + 3, c.ephemeral() + c.nonce() + 1, wire.length - 1}) {
                byte[] forged = wire.clone();
                forged[at] ^= 0x01;
                E2eeFailure reason = assertThrows(E2eeException.class, () -> c.cipher().open(recipient, forged),
                        c + " byte " + at).reason();
                if (c.scheme() == E2eeScheme.ECIES_SECP256K1_AES_GCM && at == 5) {
                    // a flipped X coordinate almost never stays on the curve
                    assertEquals(true, reason == E2eeFailure.INVALID_EPHEMERAL_KEY
                            || reason == E2eeFailure.AUTHENTICATION_FAILED, c + " " + reason);
                } else {
                    assertEquals(E2eeFailure.AUTHENTICATION_FAILED, reason, c + " byte " + at);
                }
            }
        }
    }

    @Test
    void theWrongKeyCannotOpen() {
        for (Case c : cases()) {
            E2eePrivateKey recipient = E2eePrivateKey.generate(c.algo(), RANDOM);
            E2eePrivateKey other = E2eePrivateKey.generate(c.algo(), RANDOM);
            byte[] wire = c.cipher().seal(recipient.publicKey(), MESSAGE);
            assertEquals(E2eeFailure.AUTHENTICATION_FAILED,
                    assertThrows(E2eeException.class, () -> c.cipher().open(other, wire)).reason(), c.toString());
        }
    }

    @Test
    void truncatedCiphertextsAreTooShort() {
        for (Case c : cases()) {
            E2eePrivateKey recipient = E2eePrivateKey.generate(c.algo(), RANDOM);
            byte[] wire = c.cipher().seal(recipient.publicKey(), new byte[0]);
            assertEquals(E2eeFailure.CIPHERTEXT_TOO_SHORT, assertThrows(E2eeException.class,
                    () -> c.cipher().open(recipient, Arrays.copyOf(wire, wire.length - 1))).reason(), c.toString());
        }
    }

    @Test
    void keysOfTheOtherAlgorithmAreRefused() {
        E2eePrivateKey ed = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
        E2eePrivateKey ec = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM);
        assertEquals(E2eeFailure.KEY_ALGORITHM_MISMATCH, assertThrows(E2eeException.class,
                () -> WireCipher.of(E2eeScheme.ECIES_SECP256K1_AES_GCM, Direction.TO_MODEL, RANDOM).seal(ed.publicKey(), MESSAGE)).reason());
        assertEquals(E2eeFailure.KEY_ALGORITHM_MISMATCH, assertThrows(E2eeException.class,
                () -> WireCipher.of(E2eeScheme.X25519_XCHACHA20_V2, Direction.TO_MODEL, RANDOM).open(ec, new byte[100])).reason());
    }

    @Test
    void anEciesEphemeralKeyOffTheCurveIsRejected() {
        E2eePrivateKey recipient = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM);
        byte[] wire = new byte[65 + 12 + 16];
        wire[0] = 4;
        assertEquals(E2eeFailure.INVALID_EPHEMERAL_KEY, assertThrows(E2eeException.class,
                () -> WireCipher.of(E2eeScheme.ECIES_SECP256K1_AES_GCM, Direction.TO_MODEL, RANDOM).open(recipient, wire)).reason());
    }

    @Test
    void aLowOrderX25519EphemeralKeyIsRejected() {
        E2eePrivateKey recipient = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
        byte[] wire = new byte[32 + 24 + 16 + 4]; // ephemeral = 0, a point of order 1
        for (E2eeScheme scheme : List.of(E2eeScheme.NACL_BOX_V1, E2eeScheme.X25519_XCHACHA20_V2)) {
            assertEquals(E2eeFailure.WEAK_SHARED_SECRET, assertThrows(E2eeException.class,
                    () -> WireCipher.of(scheme, Direction.TO_CLIENT, RANDOM).open(recipient, wire)).reason());
        }
    }

    @Test
    void v1ServerAnswersUseTheXchachaBoxThatPyNaclCannotOpen() {
        // What makes v1 "a known client-side cipher mismatch" (protocol.md §7.4).
        Ed25519PrivateKey client = Ed25519PrivateKey.generate(RANDOM);
        byte[] wire = WireCipher.of(E2eeScheme.NACL_BOX_V1, Direction.TO_CLIENT, RANDOM).seal(client.publicKey(), MESSAGE);
        byte[] shared = X25519Keys.agree(client.x25519Secret(), Arrays.copyOf(wire, 32));
        byte[] nonce = Arrays.copyOfRange(wire, 32, 56);
        byte[] body = Arrays.copyOfRange(wire, 56, wire.length);
        byte[] salsaKey = NaclSecretBox.XSALSA20.key(shared);
        assertThrows(E2eeException.class, () -> NaclSecretBox.XSALSA20.open(salsaKey, nonce, body));
        assertArrayEquals(MESSAGE, NaclSecretBox.XCHACHA20.open(NaclSecretBox.XCHACHA20.key(shared), nonce, body));
        // Requests from the proxy use the classic XSalsa20 box every NEAR proxy version opens.
        Ed25519PrivateKey model = Ed25519PrivateKey.generate(RANDOM);
        byte[] request = WireCipher.of(E2eeScheme.NACL_BOX_V1, Direction.TO_MODEL, RANDOM).seal(model.publicKey(), MESSAGE);
        byte[] requestShared = X25519Keys.agree(model.x25519Secret(), Arrays.copyOf(request, 32));
        assertArrayEquals(MESSAGE, NaclSecretBox.XSALSA20.open(NaclSecretBox.XSALSA20.key(requestShared),
                Arrays.copyOfRange(request, 32, 56), Arrays.copyOfRange(request, 56, request.length)));
    }

    @Test
    void anvilAccountZeroHasItsKnownAddress() {
        // The secp256k1 key types agree with Ethereum tooling.
        Secp256k1PrivateKey key = Secp256k1PrivateKey.fromBytes(HexFormat.of()
                .parseHex("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
        assertEquals("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", key.publicKey().ethereumAddress());
        assertFalse(key.toString().contains("ac0974"));
    }
}
