package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.sigstore.FakeFulcio;
import dev.verifiedproxy.testing.sigstore.FakeRekor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether a verified entry covers an image digest: established from what the log and the envelope prove,
 * never from the index search that returned the entry.
 */
class ArtifactBindingTest {

    private static final Instant INTEGRATED = Instant.parse("2026-05-01T12:00:00Z");
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final String IMAGE = hex("image");
    private static final String OTHER_IMAGE = hex("other image");
    private static final String IN_TOTO = InTotoStatement.PAYLOAD_TYPE;

    private final FakeFulcio fulcio = new FakeFulcio("fulcio");
    private final FakeRekor rekor = new FakeRekor();
    private final RekorVerifier verifier = new RekorVerifier(RekorSamples.parseRoot(rekor.trustedRoot(List.of(fulcio))));
    private final FakeFulcio.Leaf leaf = fulcio.issue(FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED));

    // ---- dsse

    @Test
    void aDsseAttestationWithItsEnvelopeCoversItsSubject() {
        byte[] payload = FakeRekor.statement(List.of(OTHER_IMAGE, IMAGE));

        ArtifactMatch match = match(dsse(payload, leaf.sign(FakeRekor.pae(IN_TOTO, payload))), IMAGE,
                envelope(IN_TOTO, payload));

        assertTrue(match.covered());
        assertEquals(List.of(digest(OTHER_IMAGE), digest(IMAGE)), match.subjects());
    }

    @Test
    void aDsseAttestationAboutOtherImages() {
        byte[] payload = FakeRekor.statement(List.of(OTHER_IMAGE));

        ArtifactMatch match = match(dsse(payload, leaf.sign(FakeRekor.pae(IN_TOTO, payload))), IMAGE,
                envelope(IN_TOTO, payload));

        assertEquals(ArtifactFailure.NOT_COVERED, match.failure());
        assertEquals(List.of(digest(OTHER_IMAGE)), match.subjects());
    }

    @Test
    void aDsseAttestationWithoutItsEnvelope() {
        byte[] payload = FakeRekor.statement(List.of(IMAGE));

        ArtifactMatch match = match(dsse(payload, leaf.sign(FakeRekor.pae(IN_TOTO, payload))), IMAGE, Optional.empty());

        assertEquals(ArtifactFailure.ENVELOPE_REQUIRED, match.failure());
        assertFalse(match.covered());
    }

    @Test
    void anEnvelopeWithAnotherPayloadThanLogged() {
        byte[] logged = FakeRekor.statement(List.of(OTHER_IMAGE));
        byte[] swapped = FakeRekor.statement(List.of(IMAGE));

        ArtifactMatch match = match(dsse(logged, leaf.sign(FakeRekor.pae(IN_TOTO, logged))), IMAGE,
                envelope(IN_TOTO, swapped));

        assertEquals(ArtifactFailure.PAYLOAD_HASH_MISMATCH, match.failure());
    }

    @Test
    void aLoggedSignatureThatIsNotOverTheEnvelope() {
        byte[] payload = FakeRekor.statement(List.of(IMAGE));

        ArtifactMatch match = match(dsse(payload, leaf.sign(FakeRekor.pae("application/json", payload))), IMAGE,
                envelope(IN_TOTO, payload));

        assertEquals(ArtifactFailure.SIGNATURE_INVALID, match.failure());
    }

    @Test
    void anEnvelopeOfAnotherPayloadType() {
        byte[] payload = FakeRekor.statement(List.of(IMAGE));

        ArtifactMatch match = match(dsse(payload, leaf.sign(FakeRekor.pae("application/json", payload))), IMAGE,
                envelope("application/json", payload));

        assertEquals(ArtifactFailure.PAYLOAD_TYPE_UNSUPPORTED, match.failure());
    }

    @Test
    void aStatementWithoutSubjects() {
        byte[] payload = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"x\",\"predicate\":{}}"
                .getBytes(StandardCharsets.UTF_8);

        ArtifactMatch match = match(dsse(payload, leaf.sign(FakeRekor.pae(IN_TOTO, payload))), IMAGE,
                envelope(IN_TOTO, payload));

        assertEquals(ArtifactFailure.STATEMENT_MALFORMED, match.failure());
    }

    @Test
    void anEntryThatIsNotVerifiedCoversNothing() {
        FakeFulcio.Leaf foreign = new FakeFulcio("other-ca").issue(FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED));
        byte[] payload = FakeRekor.statement(List.of(IMAGE));
        byte[] body = FakeRekor.dsse(FakeRekor.sha256(payload), FakeRekor.sha256(payload), signatures(
                foreign.sign(FakeRekor.pae(IN_TOTO, payload)), FakeRekor.pem(foreign.certificate())));

        ArtifactMatch match = match(body, IMAGE, envelope(IN_TOTO, payload));

        assertEquals(ArtifactFailure.ENTRY_NOT_VERIFIED, match.failure());
    }

    // ---- intoto

    @Test
    void anIntotoAttestationIsCheckedWithTheEnvelopesOwnSignature() throws Exception {
        KeyPair key = ecKey();
        byte[] payload = FakeRekor.statement(List.of(IMAGE));
        byte[] body = FakeRekor.intoto(FakeRekor.sha256(payload), FakeRekor.sha256(payload), FakeRekor.pem(key.getPublic()));
        byte[] signature = sign("SHA256withECDSA", key, FakeRekor.pae(IN_TOTO, payload));

        assertTrue(match(body, IMAGE, Optional.of(DsseEnvelope.parse(FakeRekor.envelope(IN_TOTO, payload,
                List.of(signature))))).covered());
        byte[] byAnotherKey = sign("SHA256withECDSA", ecKey(), FakeRekor.pae(IN_TOTO, payload));
        assertEquals(ArtifactFailure.SIGNATURE_INVALID, match(body, IMAGE, Optional.of(DsseEnvelope.parse(
                FakeRekor.envelope(IN_TOTO, payload, List.of(byAnotherKey))))).failure());
    }

    // ---- hashedrekord

    @Test
    void aHashedRekordSignatureOverTheDigest() throws Exception {
        byte[] artifact = "image manifest".getBytes(StandardCharsets.UTF_8);
        byte[] body = FakeRekor.hashedRekord(FakeRekor.sha256(artifact), leaf.sign(artifact), FakeRekor.pem(leaf.certificate()));
        String digest = HexFormat.of().formatHex(FakeRekor.sha256(artifact));

        assertTrue(match(body, digest, Optional.empty()).covered());
        assertEquals(ArtifactFailure.NOT_COVERED, match(body, IMAGE, Optional.empty()).failure());
    }

    @Test
    void aHashedRekordWithARsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        byte[] artifact = "blob".getBytes(StandardCharsets.UTF_8);
        byte[] body = FakeRekor.hashedRekord(FakeRekor.sha256(artifact), sign("SHA256withRSA", key, artifact),
                FakeRekor.pem(key.getPublic()));

        assertTrue(match(body, HexFormat.of().formatHex(FakeRekor.sha256(artifact)), Optional.empty()).covered());
    }

    @Test
    void aHashedRekordWhoseSignatureIsOverSomethingElse() {
        byte[] artifact = "image manifest".getBytes(StandardCharsets.UTF_8);
        byte[] body = FakeRekor.hashedRekord(FakeRekor.sha256(artifact), leaf.sign(new byte[] {1}),
                FakeRekor.pem(leaf.certificate()));

        assertEquals(ArtifactFailure.SIGNATURE_INVALID,
                match(body, HexFormat.of().formatHex(FakeRekor.sha256(artifact)), Optional.empty()).failure());
    }

    // ---- the captures

    @Test
    void theCapturedDsseEntriesNeedTheirEnvelopes() {
        // 0027 was returned by the index search for nearaidev/dstack-vpc-client@sha256:6f442f6c…; the log alone
        // cannot say the statement names that digest.
        RekorResult result = new RekorVerifier(RekorSamples.trustedRoot()).verify(RekorSamples.vpcClient().entry(),
                RekorSamples.vpcClient().at());

        ArtifactMatch match = ArtifactBinding.match(result,
                digest("6f442f6cc1fcc10e925059df395533fedff8e5b0816c477cce78321d4a1f92d7"), Optional.empty());

        assertTrue(result.verified());
        assertEquals(ArtifactFailure.ENVELOPE_REQUIRED, match.failure());
    }

    @Test
    void refusesMalformedEnvelopes() {
        for (String json : List.of("{}", "[]", "{\"payloadType\":\"t\",\"payload\":\"%%\",\"signatures\":[{\"sig\":\"AA==\"}]}",
                "{\"payloadType\":\"t\",\"payload\":\"AA==\",\"signatures\":[]}",
                "{\"payloadType\":\"t\",\"payload\":\"AA==\",\"signatures\":[{\"sig\":\"**\"}]}")) {
            assertEquals(ArtifactFailure.ENVELOPE_MALFORMED, assertThrows(ArtifactFormatException.class,
                    () -> DsseEnvelope.parse(json.getBytes(StandardCharsets.UTF_8)), json).reason());
        }
    }

    // ---- helpers

    private ArtifactMatch match(byte[] body, String hex, Optional<DsseEnvelope> envelope) {
        RekorResult result = verifier.verify(SignerChecksTest.entry(rekor.log(body, INTEGRATED)), AT);
        return ArtifactBinding.match(result, digest(hex), envelope);
    }

    private byte[] dsse(byte[] payload, byte[] signature) {
        return FakeRekor.dsse(FakeRekor.sha256(payload), FakeRekor.sha256(payload),
                signatures(signature, FakeRekor.pem(leaf.certificate())));
    }

    private static List<Object[]> signatures(byte[] signature, String pem) {
        List<Object[]> list = new ArrayList<>();
        list.add(new Object[] {signature, pem});
        return list;
    }

    /** dsse entries are checked with the signatures the log recorded, so the envelope's own list is a placeholder here. */
    private static Optional<DsseEnvelope> envelope(String type, byte[] payload) {
        try {
            return Optional.of(DsseEnvelope.parse(FakeRekor.envelope(type, payload, List.of(new byte[] {1}))));
        } catch (ArtifactFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static byte[] sign(String algorithm, KeyPair key, byte[] message) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    private static Sha256Digest digest(String hex) {
        return new Sha256Digest(hex);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(FakeRekor.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
