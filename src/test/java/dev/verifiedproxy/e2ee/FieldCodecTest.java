package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldCodecTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Pair(FieldCodec client, FieldCodec model) {
    }

    private static Pair pair(SigningAlgo algo, E2eeVersion version) {
        E2eePrivateKey client = E2eePrivateKey.generate(algo, RANDOM);
        E2eePrivateKey model = E2eePrivateKey.generate(algo, RANDOM);
        return new Pair(FieldCodec.forClient(client, model.publicKey(), version, RANDOM),
                FieldCodec.forModel(model, client.publicKey(), version, RANDOM));
    }

    @Test
    void fieldsRoundTripBetweenClientAndModelForEveryScheme() {
        for (SigningAlgo algo : SigningAlgo.values()) {
            for (E2eeVersion version : E2eeVersion.values()) {
                Pair p = pair(algo, version);
                assertEquals(E2eeScheme.of(algo, version), p.client().scheme());
                String sealed = p.client().seal("Bonjour 👋");
                assertTrue(sealed.matches("[0-9a-f]+"), sealed);
                assertEquals("Bonjour 👋", p.model().open(sealed));
                assertEquals("réponse", p.client().open(p.model().seal("réponse")));
                assertEquals("réponse", p.client().open(p.model().seal("réponse").toUpperCase(Locale.ROOT)));
            }
        }
    }

    @Test
    void emptyStaysEmpty() {
        Pair p = pair(SigningAlgo.ED25519, E2eeVersion.V2);
        assertEquals("", p.client().seal(""));
        assertEquals("", p.model().open(""));
    }

    @Test
    void aSideCannotOpenWhatItSealedForThePeer() {
        Pair p = pair(SigningAlgo.ECDSA, E2eeVersion.V1);
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED,
                assertThrows(E2eeException.class, () -> p.client().open(p.client().seal("x"))).reason());
    }

    @Test
    void v1AndV2AreNotInterchangeable() {
        E2eePrivateKey client = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
        E2eePrivateKey model = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
        String v2 = FieldCodec.forClient(client, model.publicKey(), E2eeVersion.V2, RANDOM).seal("hello");
        FieldCodec v1Model = FieldCodec.forModel(model, client.publicKey(), E2eeVersion.V1, RANDOM);
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED, assertThrows(E2eeException.class, () -> v1Model.open(v2)).reason());
    }

    @Test
    void malformedFieldsHaveTheirOwnReasons() {
        Pair p = pair(SigningAlgo.ED25519, E2eeVersion.V2);
        assertEquals(E2eeFailure.BAD_HEX, assertThrows(E2eeException.class, () -> p.model().open("hello")).reason());
        assertEquals(E2eeFailure.BAD_HEX, assertThrows(E2eeException.class, () -> p.model().open("abc")).reason());
        assertEquals(E2eeFailure.CIPHERTEXT_TOO_SHORT,
                assertThrows(E2eeException.class, () -> p.model().open("00".repeat(71))).reason());
    }

    @Test
    void decryptedBytesMustBeUtf8() {
        E2eePrivateKey client = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM);
        E2eePrivateKey model = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM);
        byte[] wire = WireCipher.of(E2eeScheme.ECIES_SECP256K1_AES_GCM, Direction.TO_MODEL, RANDOM).seal(model.publicKey(), new byte[] {(byte) 0xff, (byte) 0xfe});
        FieldCodec codec = FieldCodec.forModel(model, client.publicKey(), E2eeVersion.V1, RANDOM);
        assertEquals(E2eeFailure.NOT_UTF8,
                assertThrows(E2eeException.class, () -> codec.open(HexFormat.of().formatHex(wire))).reason());
    }

    @Test
    void keysOfDifferentAlgorithmsDoNotPair() {
        E2eePrivateKey client = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM);
        E2eePrivateKey model = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM);
        assertEquals(E2eeFailure.KEY_ALGORITHM_MISMATCH, assertThrows(E2eeException.class,
                () -> FieldCodec.forClient(client, model.publicKey(), E2eeVersion.V2, RANDOM)).reason());
    }
}
