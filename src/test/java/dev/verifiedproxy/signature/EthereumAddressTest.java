package dev.verifiedproxy.signature;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EthereumAddressTest {

    @Test
    void theRealModelKeyHashesToItsSigningAddress() {
        // A captured gateway report: keccak(signing_public_key)[12:] == signing_address (protocol.md §4 step 7).
        JsonObject report = Json.createReader(new StringReader(Samples.text(
                "nearai/01_verifier-fixture_gateway-report_gpt-oss-120b_ecdsa_2026-04/report.json"))).readObject();
        JsonObject model = report.getJsonArray("model_attestations").getJsonObject(0);
        String publicKey = model.getString("signing_public_key");
        assertEquals(model.getString("signing_address"),
                EthereumAddress.of(Secp256k1.decodePublicKey(Hex.decode(publicKey).orElseThrow())));
        assertEquals(model.getString("signing_address"),
                EthereumAddress.of(Secp256k1.decodePublicKey(Hex.decode("04" + publicKey).orElseThrow())));
    }

    @Test
    void addressesCompareCaseInsensitively() {
        assertEquals("0x1d58ee32e9eb327c074294a2b8320c47e33b9316",
                EthereumAddress.normalize("0x1d58EE32e9eB327c074294A2b8320C47E33b9316"));
        assertEquals("0x1d58ee32e9eb327c074294a2b8320c47e33b9316",
                EthereumAddress.normalize("1d58EE32e9eB327c074294A2b8320C47E33b9316"));
        assertThrows(IllegalArgumentException.class, () -> EthereumAddress.normalize("0x1d58"));
        assertThrows(IllegalArgumentException.class, () -> EthereumAddress.normalize("0x" + "zz".repeat(20)));
    }

    @Test
    void publicKeysOffTheCurveOrOfOtherLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePublicKey(new byte[64]));
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePublicKey(new byte[33]));
        byte[] hybrid = new byte[65];
        hybrid[0] = 6;
        assertThrows(IllegalArgumentException.class, () -> Secp256k1.decodePublicKey(hybrid));
    }
}
