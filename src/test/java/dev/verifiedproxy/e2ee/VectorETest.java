package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * inference-proxy's PyNaCl cross-compatibility vector (samples README: vector E): an E2EE v1
 * client→server field for the RFC 8032 test-1 key, boxed with XSalsa20-Poly1305.
 */
class VectorETest {

    private static final HexFormat HEX = HexFormat.of();

    private static JsonObject vector() {
        String json = Samples.text("nearai/inference-proxy_e2ee_v1_pynacl_vector_E/vector.json");
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void ed25519KeysConvertToTheX25519KeysOfTheVector() {
        JsonObject v = vector();
        Ed25519PrivateKey server = Ed25519PrivateKey.fromSeed(HEX.parseHex(v.getString("server_ed25519_seed_hex")));
        assertEquals(v.getString("server_ed25519_public_hex"), server.publicKey().hex());
        assertEquals(v.getString("server_x25519_secret_hex"), HEX.formatHex(server.x25519Secret()));
        assertEquals(v.getString("server_x25519_public_hex"), HEX.formatHex(server.publicKey().x25519()));
        // The converted public key is the X25519 public key of the converted secret.
        assertArrayEquals(server.publicKey().x25519(), X25519Keys.publicOf(server.x25519Secret()));
    }

    @Test
    void theModelSideOpensTheVector() {
        JsonObject v = vector();
        Ed25519PrivateKey server = Ed25519PrivateKey.fromSeed(HEX.parseHex(v.getString("server_ed25519_seed_hex")));
        byte[] wire = HEX.parseHex(v.getString("wire_hex"));
        byte[] plaintext = WireCipher.of(E2eeScheme.NACL_BOX_V1, Direction.TO_MODEL, new SecureRandom()).open(server, wire);
        assertEquals(v.getString("plaintext_utf8"), new String(plaintext, StandardCharsets.UTF_8));

        // The same through the field codec, as the server decrypts a request field.
        E2eePublicKey anyClient = E2eePrivateKey.generate(SigningAlgo.ED25519, new SecureRandom()).publicKey();
        FieldCodec model = FieldCodec.forModel(server, anyClient, E2eeVersion.V1, new SecureRandom());
        assertEquals(v.getString("plaintext_utf8"), model.open(v.getString("wire_hex")));
    }

    @Test
    void theVectorIsNotAV2CiphertextNorForAnotherKey() {
        JsonObject v = vector();
        Ed25519PrivateKey server = Ed25519PrivateKey.fromSeed(HEX.parseHex(v.getString("server_ed25519_seed_hex")));
        byte[] wire = HEX.parseHex(v.getString("wire_hex"));
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED, assertThrows(E2eeException.class, () ->
                WireCipher.of(E2eeScheme.X25519_XCHACHA20_V2, Direction.TO_MODEL, new SecureRandom()).open(server, wire))
                .reason());
        Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());
        assertEquals(E2eeFailure.AUTHENTICATION_FAILED, assertThrows(E2eeException.class, () ->
                WireCipher.of(E2eeScheme.NACL_BOX_V1, Direction.TO_MODEL, new SecureRandom()).open(other, wire)).reason());
    }
}
