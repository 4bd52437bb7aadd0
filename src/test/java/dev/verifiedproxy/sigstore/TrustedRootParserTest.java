package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.verifiedproxy.json.JsonProviders.JSON;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The public-good trusted root (../shared/samples/dstack/sigstore) and the roots that must be refused. */
class TrustedRootParserTest {

    private static final String REKOR_LOG_ID = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";

    @Test
    void readsThePublicGoodRekorKeyAndFulcioCas() {
        TrustedRoot root = RekorSamples.trustedRoot();

        assertEquals(1, root.logs().size());
        TransparencyLogKey rekor = root.logs().get(0);
        assertEquals("https://rekor.sigstore.dev", rekor.baseUrl());
        assertEquals(REKOR_LOG_ID, rekor.logId());
        assertEquals(KeyAlgorithm.PKIX_ECDSA_P256_SHA_256, rekor.algorithm());
        // For Rekor v1 the log id is the key's SPKI hash, and so is the checkpoint key hint ("wNI9ag==").
        assertEquals(REKOR_LOG_ID, rekor.spkiSha256().hex());
        assertArrayEquals(HexFormat.of().parseHex("c0d23d6a"), rekor.checkpointKeyHint());
        assertEquals(new ValidityWindow(Instant.parse("2021-01-12T11:53:27Z"), Optional.empty()), rekor.validFor());
        assertEquals(List.of(rekor), root.logKeys(REKOR_LOG_ID));

        assertEquals(2, root.certificateAuthorities().size());
        CertificateAuthority retired = root.certificateAuthorities().get(0);
        CertificateAuthority current = root.certificateAuthorities().get(1);
        assertEquals("https://fulcio.sigstore.dev", current.uri());
        assertEquals("sigstore.dev/sigstore", current.subject());
        assertEquals(1, retired.chain().size());
        assertEquals(Optional.of(Instant.parse("2022-12-31T23:59:59.999Z")), retired.validFor().end());
        assertEquals(2, current.chain().size());
        assertEquals("CN=sigstore-intermediate,O=sigstore.dev", current.intermediates().get(0).getSubjectX500Principal().getName());
        assertEquals("CN=sigstore,O=sigstore.dev", current.root().getSubjectX500Principal().getName());
        assertEquals(Optional.empty(), current.validFor().end());
    }

    @Test
    void refusesAnotherMediaType() {
        assertProblem(TrustedRootException.Problem.UNSUPPORTED_MEDIA_TYPE,
                r -> JSON.createObjectBuilder(r).add("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=9"));
    }

    @Test
    void refusesAnUnimplementedKeyType() {
        assertProblem(TrustedRootException.Problem.UNSUPPORTED_ALGORITHM,
                r -> withLogKey(r, k -> JSON.createObjectBuilder(k).add("keyDetails", "PKIX_RSA_PKCS1V15_2048_SHA256")));
    }

    @Test
    void refusesAnotherTreeHashAlgorithm() {
        assertProblem(TrustedRootException.Problem.UNSUPPORTED_ALGORITHM,
                r -> withLog(r, l -> JSON.createObjectBuilder(l).add("hashAlgorithm", "SHA2_384")));
    }

    @Test
    void refusesAKeyOfAnotherTypeThanDeclared() {
        assertProblem(TrustedRootException.Problem.INVALID_KEY,
                r -> withLogKey(r, k -> JSON.createObjectBuilder(k).add("keyDetails", "PKIX_ECDSA_P384_SHA_384")));
    }

    @Test
    void refusesKeyBytesThatAreNoKey() {
        assertProblem(TrustedRootException.Problem.INVALID_KEY,
                r -> withLogKey(r, k -> JSON.createObjectBuilder(k).add("rawBytes", "AAECAwQF")));
    }

    @Test
    void refusesACaCertificateThatDoesNotParse() {
        assertProblem(TrustedRootException.Problem.INVALID_CERTIFICATE, r -> {
            JsonObject ca = r.getJsonArray("certificateAuthorities").getJsonObject(0);
            return JSON.createObjectBuilder(r).add("certificateAuthorities", JSON.createArrayBuilder()
                    .add(JSON.createObjectBuilder(ca).add("certChain", JSON.createObjectBuilder().add("certificates",
                            JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("rawBytes", "AAECAwQF"))))));
        });
    }

    @Test
    void refusesAWindowEndingBeforeItStarts() {
        assertProblem(TrustedRootException.Problem.INVALID_WINDOW, r -> withLogKey(r, k -> JSON.createObjectBuilder(k)
                .add("validFor", JSON.createObjectBuilder().add("start", "2021-01-12T11:53:27Z").add("end", "2020-01-01T00:00:00Z"))));
    }

    @Test
    void refusesAWindowThatIsNoTimestamp() {
        assertProblem(TrustedRootException.Problem.INVALID_WINDOW, r -> withLogKey(r, k -> JSON.createObjectBuilder(k)
                .add("validFor", JSON.createObjectBuilder().add("start", "12 January 2021"))));
    }

    @Test
    void refusesTwoLogsWithOneIdOverOverlappingWindows() {
        assertProblem(TrustedRootException.Problem.AMBIGUOUS_LOG_ID, r -> JSON.createObjectBuilder(r).add("tlogs",
                JSON.createArrayBuilder().add(r.getJsonArray("tlogs").get(0)).add(r.getJsonArray("tlogs").get(0))));
    }

    @Test
    void acceptsOneIdOverDisjointWindows() throws TrustedRootException {
        JsonObject original = original();
        JsonObject retired = withLogKey(original, k -> JSON.createObjectBuilder(k).add("validFor", JSON.createObjectBuilder()
                .add("start", "2020-01-01T00:00:00Z").add("end", "2020-12-31T00:00:00Z"))).build()
                .getJsonArray("tlogs").getJsonObject(0);
        JsonObject root = JSON.createObjectBuilder(original).add("tlogs", JSON.createArrayBuilder().add(retired)
                .add(original.getJsonArray("tlogs").get(0))).build();

        TrustedRoot parsed = TrustedRoot.parse(bytes(root));

        assertEquals(2, parsed.logKeys(REKOR_LOG_ID).size());
    }

    @Test
    void refusesARootWithoutLogs() {
        assertProblem(TrustedRootException.Problem.MALFORMED, r -> JSON.createObjectBuilder(r).remove("tlogs"));
        assertProblem(TrustedRootException.Problem.MALFORMED, r -> JSON.createObjectBuilder(r).add("tlogs", JSON.createArrayBuilder()));
    }

    @Test
    void refusesWhatIsNotJsonOrTooLarge() {
        assertEquals(TrustedRootException.Problem.MALFORMED, assertThrows(TrustedRootException.class,
                () -> TrustedRoot.parse("{\"mediaType\":".getBytes(StandardCharsets.UTF_8))).problem());
        assertEquals(TrustedRootException.Problem.MALFORMED, assertThrows(TrustedRootException.class,
                () -> TrustedRoot.parse(new byte[TrustedRootParser.MAX_BYTES + 1])).problem());
    }

    // ---- helpers

    private static JsonObject original() {
        return RekorSamples.json(Samples.text("dstack/sigstore/trusted_root.json"));
    }

    private static void assertProblem(TrustedRootException.Problem expected, Function<JsonObject, JsonObjectBuilder> change) {
        byte[] changed = bytes(change.apply(original()).build());
        assertEquals(expected, assertThrows(TrustedRootException.class, () -> TrustedRoot.parse(changed)).problem());
    }

    private static JsonObjectBuilder withLog(JsonObject root, Function<JsonObject, JsonObjectBuilder> change) {
        return JSON.createObjectBuilder(root).add("tlogs", JSON.createArrayBuilder()
                .add(change.apply(root.getJsonArray("tlogs").getJsonObject(0))));
    }

    private static JsonObjectBuilder withLogKey(JsonObject root, Function<JsonObject, JsonObjectBuilder> change) {
        return withLog(root, l -> JSON.createObjectBuilder(l).add("publicKey", change.apply(l.getJsonObject("publicKey"))));
    }

    private static byte[] bytes(JsonObject json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
