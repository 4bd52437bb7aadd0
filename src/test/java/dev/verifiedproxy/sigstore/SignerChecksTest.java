package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.sigstore.FakeFulcio;
import dev.verifiedproxy.testing.sigstore.FakeRekor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who signed, on entries of a fake log whose CA and certificates the tests control: a Fulcio identity is
 * established only for a certificate of a trusted CA, valid at the integrated time, for code signing, with an
 * unambiguous identity.
 */
class SignerChecksTest {

    private static final Instant INTEGRATED = Instant.parse("2026-05-01T12:00:00Z");
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final byte[] PAYLOAD_HASH = FakeRekor.sha256("statement".getBytes(StandardCharsets.UTF_8));

    private final FakeFulcio fulcio = new FakeFulcio("fulcio");
    private final FakeRekor rekor = new FakeRekor();
    private final RekorVerifier verifier = new RekorVerifier(RekorSamples.parseRoot(rekor.trustedRoot(List.of(fulcio))));

    @Test
    void aFulcioCertificateEstablishesTheWorkflowIdentity() {
        RekorResult result = verify(signedBy(fulcio.issue(FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED))));

        assertEquals(List.of(), result.failures());
        assertTrue(result.verified());
        Signer.Fulcio signer = assertInstanceOf(Signer.Fulcio.class, result.signers().get(0));
        assertEquals("https://fulcio.test", signer.authority());
        CertificateIdentity identity = signer.identity();
        assertEquals(List.of("https://github.com/nearai/cloud-api/.github/workflows/build.yml@refs/heads/main"),
                identity.subjectAlternativeNames());
        assertEquals(Optional.of(FakeFulcio.ISSUER), identity.oidcIssuer());
        assertEquals(Optional.of("https://github.com/nearai/cloud-api"), identity.sourceRepository());
        assertEquals(Optional.of("refs/heads/main"), identity.sourceRepositoryRef());
        assertEquals(Optional.of("0123456789abcdef0123456789abcdef01234567"), identity.sourceRepositoryDigest());
        assertEquals(Optional.of("https://github.com/nearai/cloud-api/.github/workflows/build.yml@refs/heads/main"),
                identity.buildSignerUri());
        assertEquals(Optional.of("github-hosted"), identity.runnerEnvironment());
        assertEquals(Optional.of("push"), identity.buildTrigger());
        assertEquals(Optional.of("https://github.com/nearai/cloud-api/actions/runs/1/attempts/1"), identity.runInvocationUri());
        assertEquals("O=sigstore.test,CN=fulcio-intermediate", identity.certificateIssuer());
        assertEquals(List.of(identity), result.fulcioIdentities());
    }

    @Test
    void anEmailIdentityWithOnlyTheLegacyIssuerExtension() {
        FakeFulcio.LeafSpec github = FakeFulcio.LeafSpec.github("x/y", INTEGRATED);
        FakeFulcio.LeafSpec spec = new FakeFulcio.LeafSpec("dev@example.com", github.notBefore(), github.notAfter(), true,
                java.util.Map.of("1", "https://accounts.example.com".getBytes(StandardCharsets.UTF_8)));

        RekorResult result = verify(signedBy(fulcio.issue(spec)));

        CertificateIdentity identity = assertInstanceOf(Signer.Fulcio.class, result.signers().get(0)).identity();
        assertEquals(List.of("dev@example.com"), identity.subjectAlternativeNames());
        assertEquals(Optional.of("https://accounts.example.com"), identity.oidcIssuer());
        assertEquals(Optional.empty(), identity.sourceRepository());
    }

    @Test
    void aBareKeyIsOnlyAFingerprint() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        PublicKey key = generator.generateKeyPair().getPublic();

        RekorResult result = verify(FakeRekor.intoto(PAYLOAD_HASH, PAYLOAD_HASH, FakeRekor.pem(key)));

        assertTrue(result.verified());
        Signer.Key signer = assertInstanceOf(Signer.Key.class, result.signers().get(0));
        assertEquals(Sha256Digest.hash(key.getEncoded()), signer.publicKeySha256());
        assertEquals(List.of(), result.fulcioIdentities());
    }

    @Test
    void aCertificateExpiredAtTheIntegratedTime() {
        FakeFulcio.LeafSpec spec = FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED)
                .withValidity(INTEGRATED.minusSeconds(1200), INTEGRATED.minusSeconds(600));

        RekorResult result = verify(signedBy(fulcio.issue(spec)));

        assertEquals(List.of(RekorFailure.CERT_NOT_VALID_AT_INTEGRATED_TIME), result.failures());
        assertEquals(RekorFailure.CERT_NOT_VALID_AT_INTEGRATED_TIME,
                assertInstanceOf(Signer.Untrusted.class, result.signers().get(0)).reason());
        assertFalse(result.verified());
        assertTrue(result.loggedAsClaimed());
    }

    @Test
    void aCertificateNotYetValidAtTheIntegratedTime() {
        FakeFulcio.LeafSpec spec = FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED)
                .withValidity(INTEGRATED.plusSeconds(1), INTEGRATED.plusSeconds(600));

        assertEquals(List.of(RekorFailure.CERT_NOT_VALID_AT_INTEGRATED_TIME),
                verify(signedBy(fulcio.issue(spec))).failures());
    }

    @Test
    void aCertificateOfAnotherCa() {
        FakeFulcio other = new FakeFulcio("other-ca");

        RekorResult result = verify(signedBy(other.issue(FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED))));

        assertEquals(List.of(RekorFailure.CERT_CHAIN_UNTRUSTED), result.failures());
        Signer.Untrusted signer = assertInstanceOf(Signer.Untrusted.class, result.signers().get(0));
        // The identity it claims is the one a genuine build would have: only the chain tells them apart.
        assertEquals(List.of("https://github.com/nearai/cloud-api/.github/workflows/build.yml@refs/heads/main"),
                signer.claimed().orElseThrow().subjectAlternativeNames());
        assertEquals(List.of(), result.fulcioIdentities());
    }

    @Test
    void anExpiredCertificateOfAnotherCaIsReportedAsUntrustedNotAsExpired() {
        FakeFulcio other = new FakeFulcio("other-ca");
        FakeFulcio.LeafSpec spec = FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED)
                .withValidity(INTEGRATED.minusSeconds(1200), INTEGRATED.minusSeconds(600));

        assertEquals(List.of(RekorFailure.CERT_CHAIN_UNTRUSTED), verify(signedBy(other.issue(spec))).failures());
    }

    @Test
    void aCertificateNotForCodeSigning() {
        FakeFulcio.LeafSpec spec = FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED).withoutCodeSigning();

        assertEquals(List.of(RekorFailure.CERT_NOT_FOR_CODE_SIGNING), verify(signedBy(fulcio.issue(spec))).failures());
    }

    @Test
    void twoDifferentOidcIssuers() {
        FakeFulcio.LeafSpec spec = FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED)
                .withExtension("1", "https://evil.example".getBytes(StandardCharsets.UTF_8));

        RekorResult result = verify(signedBy(fulcio.issue(spec)));

        assertEquals(List.of(RekorFailure.IDENTITY_ISSUER_CONFLICT), result.failures());
        assertEquals(RekorFailure.IDENTITY_ISSUER_CONFLICT,
                assertInstanceOf(Signer.Untrusted.class, result.signers().get(0)).reason());
        assertFalse(result.verified());
    }

    @Test
    void anIdentityExtensionThatIsNotAUtf8String() {
        FakeFulcio.LeafSpec spec = FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED)
                .withExtension("12", "https://github.com/nearai/cloud-api".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(RekorFailure.IDENTITY_MALFORMED), verify(signedBy(fulcio.issue(spec))).failures());
    }

    @Test
    void oneTrustedAndOneForeignSignature() {
        FakeFulcio.Leaf trusted = fulcio.issue(FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED));
        FakeFulcio.Leaf foreign = new FakeFulcio("other-ca").issue(FakeFulcio.LeafSpec.github("x/y", INTEGRATED));
        List<Object[]> signatures = new ArrayList<>();
        signatures.add(new Object[] {trusted.sign(new byte[] {1}), FakeRekor.pem(trusted.certificate())});
        signatures.add(new Object[] {foreign.sign(new byte[] {1}), FakeRekor.pem(foreign.certificate())});

        RekorResult result = verify(FakeRekor.dsse(PAYLOAD_HASH, PAYLOAD_HASH, signatures));

        assertEquals(List.of(RekorFailure.CERT_CHAIN_UNTRUSTED), result.failures());
        assertInstanceOf(Signer.Fulcio.class, result.signers().get(0));
        assertInstanceOf(Signer.Untrusted.class, result.signers().get(1));
        assertFalse(result.verified());
        assertEquals(List.of(), result.fulcioIdentities());
    }

    @Test
    void aCheckpointCosignedByAWitnessStillVerifies() {
        byte[] body = signedBy(fulcio.issue(FakeFulcio.LeafSpec.github("nearai/cloud-api", INTEGRATED)));

        RekorResult result = verifier.verify(entry(rekor.log(body, INTEGRATED, true)), AT);

        assertEquals(List.of(), result.failures());
        assertTrue(result.verified());
    }

    // ---- helpers

    private static byte[] signedBy(FakeFulcio.Leaf leaf) {
        List<Object[]> signatures = new ArrayList<>();
        signatures.add(new Object[] {leaf.sign(new byte[] {1}), FakeRekor.pem(leaf.certificate())});
        return FakeRekor.dsse(PAYLOAD_HASH, PAYLOAD_HASH, signatures);
    }

    private RekorResult verify(byte[] body) {
        return verifier.verify(entry(rekor.log(body, INTEGRATED)), AT);
    }

    static RekorEntry entry(byte[] response) {
        try {
            return RekorEntries.parseOne(response);
        } catch (RekorFormatException e) {
            throw new AssertionError(e);
        }
    }
}
