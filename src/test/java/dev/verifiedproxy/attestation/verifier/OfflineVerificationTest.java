package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.gpu.GpuTrust;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.gpu.NrasClient;
import dev.verifiedproxy.gpu.NrasEndpoints;
import dev.verifiedproxy.gpu.NrasJwksCache;
import dev.verifiedproxy.net.HttpFetcher;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.testing.CaptureEvidence;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offline means no network at all: a verifier whose every fetcher (NRAS, NRAS key set) fails the test when it
 * is called re-verifies bundles, and a bundle that lacks evidence fails closed instead of fetching it.
 */
class OfflineVerificationTest {

    /** Any call is a test failure, recorded even if the caller swallows the error. */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final HttpFetcher forbidden = request -> {
        calls.add(request.method() + " " + request.uri());
        throw new AssertionError("offline verification used the network: " + request.uri());
    };

    @AfterEach
    void nothingWasFetched() {
        assertEquals(List.of(), calls);
    }

    private AttestationVerifier verifier() {
        NrasEndpoints nras = NrasEndpoints.PRODUCTION;
        return new AttestationVerifier(DcapVerifier.withIntelRootCa(), new GpuVerifier(GpuTrust.production(),
                new NrasClient(forbidden, new NrasClient.Settings(nras.attestUrl(), Duration.ofSeconds(1), 1 << 20, 1,
                        Duration.ofMillis(1))),
                new NrasJwksCache(forbidden, new NrasJwksCache.Settings(nras.jwksUrl(), Duration.ofSeconds(1), 1 << 20,
                        Duration.ofHours(1), Duration.ofSeconds(30)), Clock.systemUTC())),
                PolicyLoader.defaultPolicy(), false);
    }

    @Test
    void aRealBundleVerifiesWithoutTheNetwork() {
        for (RealComponents.Capture capture : List.of(RealComponents.CLOUD_0629, RealComponents.DIRECT_0629)) {
            Verdict verdict = verifier().verifyOffline(CaptureEvidence.bundle(capture)).verdict();
            assertTrue(verdict.verified(), capture.name() + " " + RealCaptureVerdictsTest.failures(verdict));
        }
    }

    @Test
    void missingEvidenceFailsClosedInsteadOfBeingFetched() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.DIRECT_0629);
        EvidenceBundle bare = new EvidenceBundle(bundle.report(), bundle.nonce(), bundle.at(), bundle.tlsSpkiSha256(),
                List.of(), Optional.empty(), bundle.host());
        Verdict verdict = verifier().verifyOffline(bare).verdict();
        assertEquals(List.of("model/intel_quote=collateral_unavailable", "model/tcb_status=quote_not_verified",
                "model/gpu_nras_exchange=nras_unreachable", "composeManager/intel_quote=collateral_unavailable",
                "composeManager/tcb_status=quote_not_verified"), RealCaptureVerdictsTest.failures(verdict));
        assertEquals("nras_unreachable: NRAS could not be reached the evidence holds no NRAS answer",
                RealCaptureVerdictsTest.check(verdict, Role.MODEL, "gpu_nras_exchange").displayDetail());
    }

    @Test
    void unusableCollateralIsABadBundleWithItsPath() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.DIRECT_0629);
        EvidenceBundle broken = new EvidenceBundle(bundle.report(), bundle.nonce(), bundle.at(), bundle.tlsSpkiSha256(),
                List.of(bundle.collateral().get(0), Json.createObjectBuilder().add("tcb_info", "{}").build()), bundle.nras(),
                bundle.host());
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> verifier().verifyOffline(broken));
        assertEquals("$.collateral[1]", e.path());
    }

    /** The bundle's JSON form round-trips: what the archive stores and /verify/bundle reads is the same bundle. */
    @Test
    void aBundleSurvivesItsJsonForm() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0629);
        EvidenceBundle again = EvidenceBundle.fromJson(bundle.toJson());
        assertEquals(bundle.toJson(), again.toJson());
        assertEquals(verifier().verifyOffline(bundle).verdict(), verifier().verifyOffline(again).verdict());
    }
}
