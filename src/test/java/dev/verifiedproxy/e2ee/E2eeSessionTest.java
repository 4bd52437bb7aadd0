package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.SigningAlgo;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.testing.e2ee.NearE2eeServer;
import dev.verifiedproxy.testing.signature.TeeSigningKeys;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy's session against the simulated NEAR server side, for every algorithm and version,
 * with and without X-Encrypt-All-Fields, JSON and SSE: what the proxied E2EE chat will do.
 */
class E2eeSessionTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TeeSigningKeys MODEL = TeeSigningKeys.deterministic();
    private static final String VECTOR_A = "nearai/docs_chat_vector_A_qwen35_direct_stream_3part_2026-06/response_body.sse";

    private record Setup(SigningAlgo algo, E2eeVersion version, boolean allFields) {
    }

    private static List<Setup> setups() {
        List<Setup> setups = new ArrayList<>();
        for (boolean allFields : new boolean[] {false, true}) {
            setups.add(new Setup(SigningAlgo.ECDSA, E2eeVersion.V1, allFields));
            setups.add(new Setup(SigningAlgo.ED25519, E2eeVersion.V1, allFields));
            setups.add(new Setup(SigningAlgo.ED25519, E2eeVersion.V2, allFields));
        }
        return setups;
    }

    private static E2eeSession client(Setup s) {
        E2eePublicKey attested = E2eePublicKey.parse(s.algo(), MODEL.signingPublicKey(s.algo()));
        return E2eeSession.startClient(attested, s.version(), s.allFields(), RANDOM);
    }

    /** The model's session, built from the headers exactly as the client would send them. */
    private static E2eeSession server(E2eeSession client) {
        Map<String, String> sent = client.headers().toMap();
        return NearE2eeServer.accept(name -> Optional.ofNullable(sent.get(name)).map(List::of).orElse(List.of()), MODEL,
                RANDOM).orElseThrow();
    }

    @Test
    void headersAnnounceAFreshClientKeyAndTheAttestedModelKey() {
        E2eeSession one = client(new Setup(SigningAlgo.ED25519, E2eeVersion.V2, true));
        E2eeSession two = client(new Setup(SigningAlgo.ED25519, E2eeVersion.V2, true));
        Map<String, String> headers = one.headers().toMap();
        assertEquals("ed25519", headers.get("X-Signing-Algo"));
        assertEquals("2", headers.get("X-Encryption-Version"));
        assertEquals("true", headers.get("X-Encrypt-All-Fields"));
        assertEquals(MODEL.signingPublicKey(SigningAlgo.ED25519), headers.get("X-Model-Pub-Key"));
        assertNotEquals(headers.get("X-Client-Pub-Key"), two.headers().toMap().get("X-Client-Pub-Key"));

        E2eeSession ecdsa = client(new Setup(SigningAlgo.ECDSA, E2eeVersion.V2, false));
        assertEquals(E2eeVersion.V1, ecdsa.headers().version()); // ecdsa has one scheme: no version header
        assertFalse(ecdsa.headers().toMap().containsKey("X-Encryption-Version"));
        assertEquals(E2eeScheme.ECIES_SECP256K1_AES_GCM, ecdsa.codec().scheme());
    }

    @Test
    void chatRequestsReachTheModelInClearAndAnswersComeBackInClear() {
        JsonObject request = E2eeFieldsTest.json(E2eeFieldsTest.CHAT_REQUEST);
        JsonObject answer = E2eeFieldsTest.json(E2eeFieldsTest.CHAT_RESPONSE);
        for (Setup s : setups()) {
            E2eeSession client = client(s);
            E2eeSession server = server(client);
            assertEquals(E2eeSession.Role.MODEL, server.role());
            assertEquals(s.allFields(), server.headers().allFields());
            JsonObject onTheWire = client.transformRequest(E2eeEndpoint.CHAT_COMPLETIONS, request);
            assertFalse(onTheWire.toString().contains("You are terse"), s.toString());
            assertEquals(request, server.transformRequest(E2eeEndpoint.CHAT_COMPLETIONS, onTheWire), s.toString());

            JsonObject encryptedAnswer = server.transformResponse(E2eeEndpoint.CHAT_COMPLETIONS, answer);
            assertFalse(encryptedAnswer.toString().contains("Sunny."), s.toString());
            assertEquals(answer, client.transformResponse(E2eeEndpoint.CHAT_COMPLETIONS, encryptedAnswer), s.toString());
        }
    }

    @Test
    void streamedAnswersAreDecryptedChunkByChunk() {
        byte[] sse = Samples.bytes(VECTOR_A);
        for (Setup s : setups()) {
            E2eeSession client = client(s);
            byte[] encrypted = NearE2eeServer.transformStream(server(client), E2eeEndpoint.CHAT_COMPLETIONS, sse);
            assertFalse(new String(encrypted, StandardCharsets.UTF_8).contains("stood."), s.toString());
            byte[] decrypted = NearE2eeServer.transformStream(client, E2eeEndpoint.CHAT_COMPLETIONS, encrypted);
            assertEquals(new String(sse, StandardCharsets.UTF_8), new String(decrypted, StandardCharsets.UTF_8),
                    s.toString());
        }
    }

    @Test
    void multipartFieldsUseTheCodecDirectly() {
        for (Setup s : setups()) {
            E2eeSession client = client(s);
            assertEquals("Speaker names: Ada", server(client).codec().open(client.codec().seal("Speaker names: Ada")));
        }
    }

    @Test
    void aModelKeyOfTheOtherAlgorithmIsRefused() {
        E2eeHeaders ed = client(new Setup(SigningAlgo.ED25519, E2eeVersion.V2, false)).headers();
        assertEquals(E2eeFailure.KEY_ALGORITHM_MISMATCH, assertThrows(E2eeException.class,
                () -> E2eeSession.acceptAsModel(ed, MODEL.ecdsa(), RANDOM)).reason());
    }

    @Test
    void aRequestWithoutE2eeHeadersIsPlain() {
        assertTrue(NearE2eeServer.accept(name -> List.of(), MODEL, RANDOM).isEmpty());
    }
}
