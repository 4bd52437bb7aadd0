package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class E2eeHeadersTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ED_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String EC_KEY = E2eePrivateKey.generate(SigningAlgo.ECDSA, RANDOM).publicKey().hex();

    /** Case-insensitive, like HTTP. */
    private static E2eeHeaders.Lookup headers(String... namesAndValues) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return name -> map.getOrDefault(name, List.of());
    }

    private static E2eeException fails(String... namesAndValues) {
        return assertThrows(E2eeException.class, () -> E2eeHeaders.parse(headers(namesAndValues)));
    }

    @Test
    void noHeadersMeansNoEncryption() {
        assertEquals(Optional.empty(), E2eeHeaders.parse(headers("Content-Type", "application/json")));
    }

    @Test
    void ed25519V2WithAllFields() {
        E2eeHeaders h = E2eeHeaders.parse(headers("x-signing-algo", "Ed25519", "x-client-pub-key", ED_KEY,
                "x-encryption-version", "2", "x-encrypt-all-fields", "TRUE")).orElseThrow();
        assertEquals(SigningAlgo.ED25519, h.algo());
        assertEquals(ED_KEY, h.clientPublicKey().hex());
        assertEquals(E2eeVersion.V2, h.version());
        assertTrue(h.allFields());
        assertEquals(E2eeScheme.X25519_XCHACHA20_V2, h.scheme());
    }

    @Test
    void defaultsAreVersion1AndTheClassicFields() {
        E2eeHeaders h = E2eeHeaders.parse(headers("X-Signing-Algo", "ecdsa", "X-Client-Pub-Key", EC_KEY)).orElseThrow();
        assertEquals(E2eeVersion.V1, h.version());
        assertFalse(h.allFields());
        assertEquals(E2eeScheme.ECIES_SECP256K1_AES_GCM, h.scheme());
        // 65-byte keys with the 04 prefix are accepted too
        assertEquals(EC_KEY, E2eeHeaders.parse(headers("X-Signing-Algo", "ecdsa", "X-Client-Pub-Key", "04" + EC_KEY))
                .orElseThrow().clientPublicKey().hex());
        assertFalse(E2eeHeaders.parse(headers("X-Signing-Algo", "ecdsa", "X-Client-Pub-Key", EC_KEY,
                "X-Encrypt-All-Fields", "yes")).orElseThrow().allFields());
    }

    @Test
    void eachMalformedHeaderHasItsReason() {
        assertEquals(E2eeFailure.HEADERS_INCOMPLETE, fails("X-Signing-Algo", "ed25519").reason());
        assertEquals(E2eeFailure.HEADERS_INCOMPLETE, fails("X-Client-Pub-Key", ED_KEY).reason());
        assertEquals(E2eeFailure.UNKNOWN_SIGNING_ALGO, fails("X-Signing-Algo", "rsa", "X-Client-Pub-Key", ED_KEY).reason());
        assertEquals(E2eeFailure.UNKNOWN_VERSION, fails("X-Signing-Algo", "ed25519", "X-Client-Pub-Key", ED_KEY,
                "X-Encryption-Version", "3").reason());
        assertEquals(E2eeFailure.BAD_HEX, fails("X-Signing-Algo", "ed25519", "X-Client-Pub-Key", "xyz").reason());
        assertEquals(E2eeFailure.BAD_KEY_LENGTH, fails("X-Signing-Algo", "ed25519", "X-Client-Pub-Key", ED_KEY + "00").reason());
        assertEquals(E2eeFailure.BAD_KEY_LENGTH, fails("X-Signing-Algo", "ecdsa", "X-Client-Pub-Key", ED_KEY).reason());
        assertEquals(E2eeFailure.INVALID_PUBLIC_KEY, fails("X-Signing-Algo", "ecdsa", "X-Client-Pub-Key", "00".repeat(64)).reason());
        assertEquals(E2eeFailure.INVALID_PUBLIC_KEY, fails("X-Signing-Algo", "ed25519", "X-Client-Pub-Key",
                "01" + "00".repeat(31)).reason());
        assertEquals(E2eeFailure.DUPLICATE_HEADER, fails("X-Signing-Algo", "ed25519", "X-Signing-Algo", "ecdsa",
                "X-Client-Pub-Key", ED_KEY).reason());
        E2eeException model = fails("X-Signing-Algo", "ed25519", "X-Client-Pub-Key", ED_KEY, "X-Model-Pub-Key", EC_KEY);
        assertEquals(E2eeFailure.BAD_KEY_LENGTH, model.reason());
        assertEquals(Optional.of(E2eeHeaders.MODEL_PUB_KEY), model.header());
    }

    @Test
    void toMapRoundTrips() {
        E2eePublicKey model = E2eePrivateKey.generate(SigningAlgo.ED25519, RANDOM).publicKey();
        E2eeHeaders h = new E2eeHeaders(SigningAlgo.ED25519, E2eePublicKey.parse(SigningAlgo.ED25519, ED_KEY),
                E2eeVersion.V2, true, Optional.of(model));
        Map<String, String> map = h.toMap();
        assertEquals(List.of("X-Signing-Algo", "X-Client-Pub-Key", "X-Encryption-Version", "X-Encrypt-All-Fields",
                "X-Model-Pub-Key"), List.copyOf(map.keySet()));
        assertEquals(h, E2eeHeaders.parse(name -> Optional.ofNullable(map.get(name)).map(List::of).orElse(List.of()))
                .orElseThrow());
        assertFalse(h.withoutModelPublicKey().toMap().containsKey(E2eeHeaders.MODEL_PUB_KEY));
    }

    @Test
    void ecdsaSendsNoVersionHeader() {
        E2eeHeaders h = new E2eeHeaders(SigningAlgo.ECDSA, E2eePublicKey.parse(SigningAlgo.ECDSA, EC_KEY), E2eeVersion.V1,
                false, Optional.empty());
        assertEquals(Map.of("X-Signing-Algo", "ecdsa", "X-Client-Pub-Key", EC_KEY), h.toMap());
        assertEquals(E2eeHeaders.NAMES.size(), E2eeHeaders.NAMES.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().count());
    }

    @Test
    void keysMustMatchTheAlgorithm() {
        E2eePublicKey ec = E2eePublicKey.parse(SigningAlgo.ECDSA, EC_KEY);
        assertEquals(E2eeFailure.KEY_ALGORITHM_MISMATCH, assertThrows(E2eeException.class,
                () -> new E2eeHeaders(SigningAlgo.ED25519, ec, E2eeVersion.V2, false, Optional.empty())).reason());
    }
}
