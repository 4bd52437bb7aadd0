package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.sigstore.FakeFulcio;
import dev.verifiedproxy.testing.sigstore.FakeRekor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Entry bodies of the captured kinds, and the ones that are refused. */
class EntryBodyParserTest {

    private static final FakeFulcio FULCIO = new FakeFulcio("fulcio");
    private static final FakeFulcio.Leaf LEAF = FULCIO.issue(FakeFulcio.LeafSpec.github("nearai/cloud-api",
            Instant.parse("2026-05-01T00:00:00Z")));
    private static final byte[] DIGEST = FakeRekor.sha256("image".getBytes(StandardCharsets.UTF_8));

    @Test
    void aCapturedDsseBodyWithAFulcioCertificate() throws RekorFormatException {
        EntryBody body = EntryBodyParser.parse(RekorSamples.vpcClient().entry().bodyBytes());

        DsseBody dsse = assertInstanceOf(DsseBody.class, body);
        assertEquals("dsse/0.0.1", dsse.kind());
        assertEquals("0e75c0a5190a07b2fe8c33a2d2a810c0bf5a4551953efcf8906900e486f8ee49", dsse.payloadHash().hex());
        assertEquals("ca28489c0036f2503eff486094df55b3338158b8a3d24db90183ab870b53b97d", dsse.envelopeHash().hex());
        assertEquals(1, dsse.signatures().size());
        assertInstanceOf(SignerCertificate.class, dsse.signatures().get(0).signer());
    }

    @Test
    void aCapturedDsseBodyWithAPublicKey() throws RekorFormatException {
        DsseBody dsse = assertInstanceOf(DsseBody.class, EntryBodyParser.parse(
                RekorSamples.entry("near-cloud-api-2026-04-24", "0023").entry().bodyBytes()));

        SignerPublicKey key = assertInstanceOf(SignerPublicKey.class, dsse.signatures().get(0).signer());
        assertEquals("EC", key.publicKey().getAlgorithm());
    }

    @Test
    void aCapturedIntotoBody() throws RekorFormatException {
        IntotoBody intoto = assertInstanceOf(IntotoBody.class, EntryBodyParser.parse(
                RekorSamples.entry("near-cloud-api-2026-04-24", "0033").entry().bodyBytes()));

        assertEquals("intoto/0.0.1", intoto.kind());
        assertEquals("cbf9b3578ea304af604e732681f7d21a164c1b5e223509827e186a42f98c3afa", intoto.payloadHash().hex());
        assertEquals(Optional.of("e30fd0f7dffb13efa4dc807605a130ddfe31429dfde31e4d9710d1fd58873ad0"),
                intoto.envelopeHash().map(Sha256Digest::hex));
        assertInstanceOf(SignerPublicKey.class, intoto.signer());
    }

    @Test
    void aHashedRekordBody() throws RekorFormatException {
        byte[] body = FakeRekor.hashedRekord(DIGEST, LEAF.sign(new byte[] {1}), FakeRekor.pem(LEAF.certificate()));

        HashedRekordBody rekord = assertInstanceOf(HashedRekordBody.class, EntryBodyParser.parse(body));

        assertEquals(Sha256Digest.of(DIGEST), rekord.artifactDigest());
        assertEquals(LEAF.certificate(), ((SignerCertificate) rekord.signature().signer()).certificate());
    }

    @Test
    void refusesOtherKindsVersionsAndHashes() {
        assertFailure(RekorFailure.BODY_KIND_UNSUPPORTED, FakeRekor.body("rekord", "0.0.1", JSON.createObjectBuilder()));
        assertFailure(RekorFailure.BODY_KIND_UNSUPPORTED, FakeRekor.body("intoto", "0.0.2", JSON.createObjectBuilder()));
        assertFailure(RekorFailure.BODY_KIND_UNSUPPORTED, FakeRekor.body("dsse", "0.0.2", JSON.createObjectBuilder()));
        String sha512 = new String(FakeRekor.hashedRekord(DIGEST, new byte[] {1}, FakeRekor.pem(LEAF.certificate())),
                StandardCharsets.UTF_8).replace("\"sha256\"", "\"sha512\"");
        assertFailure(RekorFailure.BODY_KIND_UNSUPPORTED, sha512.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesMalformedBodies() {
        String pem = FakeRekor.pem(LEAF.certificate());
        assertFailure(RekorFailure.BODY_MALFORMED, "not json".getBytes(StandardCharsets.UTF_8));
        assertFailure(RekorFailure.BODY_MALFORMED, "{\"kind\":\"dsse\"}".getBytes(StandardCharsets.UTF_8));
        assertFailure(RekorFailure.BODY_MALFORMED, FakeRekor.dsse(DIGEST, DIGEST, List.of()));
        assertFailure(RekorFailure.BODY_MALFORMED, FakeRekor.dsse(DIGEST, DIGEST, List.<Object[]>of(new Object[] {new byte[0], pem})));
        // Two PEM blocks: which one is the verifier would be a guess.
        assertFailure(RekorFailure.BODY_MALFORMED, FakeRekor.hashedRekord(DIGEST, new byte[] {1}, pem + pem));
        assertFailure(RekorFailure.BODY_MALFORMED, FakeRekor.hashedRekord(DIGEST, new byte[] {1},
                "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n"));
        assertFailure(RekorFailure.BODY_MALFORMED, FakeRekor.hashedRekord(DIGEST, new byte[] {1},
                "-----BEGIN PUBLIC KEY-----\nAAECAwQF\n-----END PUBLIC KEY-----\n"));
        assertFailure(RekorFailure.BODY_MALFORMED, FakeRekor.hashedRekord(DIGEST, new byte[] {1},
                "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n"));
        String badDigest = new String(FakeRekor.hashedRekord(DIGEST, new byte[] {1}, pem), StandardCharsets.UTF_8)
                .replace(java.util.HexFormat.of().formatHex(DIGEST), "abc");
        assertFailure(RekorFailure.BODY_MALFORMED, badDigest.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMalformedBodyFailsTheEntryBodyCheckOfAnEntryThatIsInTheLog() {
        // The log vouches for whatever bytes it was given; decoding them is a separate, failing check.
        byte[] body = FakeRekor.body("rekord", "0.0.1", JSON.createObjectBuilder());
        FakeRekor rekor = new FakeRekor();
        Instant at = Instant.parse("2026-05-01T00:00:00Z");
        RekorVerifier verifier = new RekorVerifier(RekorSamples.parseRoot(rekor.trustedRoot(List.of(FULCIO))));

        RekorResult result = verifier.verify(entry(rekor.log(body, at)), at);

        assertEquals(List.of(RekorFailure.BODY_KIND_UNSUPPORTED), result.failures());
        assertEquals(true, result.loggedAsClaimed());
        assertEquals(Optional.empty(), result.body());
        assertEquals(false, result.verified());
        assertEquals(Base64.getEncoder().encodeToString(body), result.entry().body());
    }

    private static RekorEntry entry(byte[] response) {
        try {
            return RekorEntries.parseOne(response);
        } catch (RekorFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertFailure(RekorFailure expected, byte[] body) {
        assertEquals(expected, assertThrows(RekorFormatException.class, () -> EntryBodyParser.parse(body),
                new String(body, StandardCharsets.UTF_8)).reason());
    }
}
