package dev.verifiedproxy.sigstore;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * All 26 Rekor entries captured from NEAR AI's image digests verify offline against the public-good trusted
 * root at capture time, with exactly the facts expected-results.json lists (logIndex, integratedTime, kind,
 * signatures, payload hash, SAN, OIDC issuer, source repository, certificate issuer).
 */
class RekorCapturesTest {

    private static final RekorVerifier VERIFIER = new RekorVerifier(RekorSamples.trustedRoot());

    static List<RekorSamples.Captured> entries() {
        return RekorSamples.entries();
    }

    @Test
    void theCapturesHold26EntriesThirteenNineAndFour() {
        Map<String, Long> perCapture = entries().stream()
                .collect(Collectors.groupingBy(RekorSamples.Captured::capture, Collectors.counting()));
        assertEquals(Map.of("near-cloud-api-2026-04-24", 13L, "near-cloud-api-2026-06-29", 9L,
                "near-direct-2026-06-29", 4L), perCapture);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyEntryIsInTheLogAsExpected(RekorSamples.Captured captured) {
        JsonObject expected = captured.expected();
        RekorEntry entry = captured.entry();
        RekorResult result = VERIFIER.verify(entry, captured.at());

        assertEquals(Optional.of(expected.getString("uuid")), entry.uuid());
        assertEquals(expected.getJsonNumber("logIndex").longValueExact(), entry.logIndex());
        assertEquals(expected.getJsonNumber("integratedTime").longValueExact(), entry.integratedTime());
        assertTrue(result.loggedAsClaimed(), () -> result.checks().toString());
        for (RekorCheckName name : List.of(RekorCheckName.ENTRY_UUID, RekorCheckName.SIGNED_ENTRY_TIMESTAMP,
                RekorCheckName.INCLUSION_PROOF, RekorCheckName.CHECKPOINT_SIGNATURE, RekorCheckName.CHECKPOINT_CONSISTENCY)) {
            assertTrue(result.check(name).orElseThrow().ok(), name::name);
        }

        EntryBody body = result.body().orElseThrow();
        assertEquals(expected.getString("kind"), body.kind());
        assertEquals(expected.getInt("n_signatures"), body instanceof DsseBody d ? d.signatures().size() : 0);
        if (body instanceof DsseBody dsse) {
            assertEquals(expected.getString("payloadHash"), dsse.payloadHash().hex());
        }
        assertEquals(1, result.signers().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everySignerIsEstablishedAsExpected(RekorSamples.Captured captured) {
        JsonObject expected = captured.expected();
        RekorResult result = VERIFIER.verify(captured.entry(), captured.at());
        Signer signer = result.signers().get(0);

        if (expected.containsKey("oidc_issuer")) {
            // A Fulcio certificate: identity established.
            assertEquals(List.of(), result.failures());
            assertTrue(result.verified());
            CertificateIdentity identity = assertInstanceOf(Signer.Fulcio.class, signer).identity();
            assertEquals(strings(expected, "san"), identity.subjectAlternativeNames());
            assertEquals(Optional.of(expected.getString("oidc_issuer")), identity.oidcIssuer());
            assertEquals(Optional.of(expected.getString("source_repo")), identity.sourceRepository());
            assertEquals(expected.getString("cert_issuer"), identity.certificateIssuer());
            assertEquals(List.of(identity), result.fulcioIdentities());
        } else if (expected.containsKey("san")) {
            // A certificate from another CA (0036): in the log, but its identity is only a claim.
            assertEquals(List.of(RekorFailure.CERT_CHAIN_UNTRUSTED), result.failures());
            assertFalse(result.verified());
            Signer.Untrusted untrusted = assertInstanceOf(Signer.Untrusted.class, signer);
            assertEquals(RekorFailure.CERT_CHAIN_UNTRUSTED, untrusted.reason());
            assertEquals(strings(expected, "san"), untrusted.claimed().orElseThrow().subjectAlternativeNames());
            assertEquals(List.of(), result.fulcioIdentities());
        } else {
            // A long-lived key (in-toto attestations, the "public-key" DSSE verifiers): only its fingerprint.
            assertEquals(List.of(), result.failures());
            assertTrue(result.verified());
            assertInstanceOf(Signer.Key.class, signer);
            assertEquals(List.of(), result.fulcioIdentities());
        }
    }

    @Test
    void dstackVpcClientIsSignedByItsBuildWorkflowOnMain() {
        RekorResult result = VERIFIER.verify(RekorSamples.vpcClient().entry(), RekorSamples.vpcClient().at());

        assertTrue(result.verified());
        Signer.Fulcio signer = assertInstanceOf(Signer.Fulcio.class, result.signers().get(0));
        CertificateIdentity identity = signer.identity();
        assertEquals(List.of("https://github.com/nearai/dstack-vpc-client/.github/workflows/build.yml@refs/heads/main"),
                identity.subjectAlternativeNames());
        assertEquals(Optional.of("https://token.actions.githubusercontent.com"), identity.oidcIssuer());
        assertEquals(Optional.of("https://github.com/nearai/dstack-vpc-client"), identity.sourceRepository());
        assertEquals(Optional.of("refs/heads/main"), identity.sourceRepositoryRef());
        assertEquals(Optional.of("eafa4b675d52353edaacf347e919beca948b3815"), identity.sourceRepositoryDigest());
        assertEquals(Optional.of("github-hosted"), identity.runnerEnvironment());
        assertEquals(Optional.of("push"), identity.buildTrigger());
        assertEquals("https://fulcio.sigstore.dev", signer.authority());
        assertEquals("0e75c0a5190a07b2fe8c33a2d2a810c0bf5a4551953efcf8906900e486f8ee49",
                ((DsseBody) result.body().orElseThrow()).payloadHash().hex());
    }

    @Test
    void theScribeAttestationForAlpineClaimsAnotherIdentityFromAnotherCa() {
        RekorSamples.Captured scribe = RekorSamples.entry("near-cloud-api-2026-04-24", "0036");
        RekorResult result = VERIFIER.verify(scribe.entry(), scribe.at());

        Signer.Untrusted signer = assertInstanceOf(Signer.Untrusted.class, result.signers().get(0));
        CertificateIdentity claimed = signer.claimed().orElseThrow();
        assertEquals(List.of("noreply@scribesecurity.com"), claimed.subjectAlternativeNames());
        assertEquals(Optional.empty(), claimed.oidcIssuer());
        assertTrue(claimed.certificateIssuer().contains("CN=Scribe Security Test Intermediate CA"),
                claimed.certificateIssuer());
        assertTrue(result.loggedAsClaimed());
        assertEquals(List.of(RekorFailure.CERT_CHAIN_UNTRUSTED), result.failures());
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
