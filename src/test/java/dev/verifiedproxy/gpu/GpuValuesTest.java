package dev.verifiedproxy.gpu;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small value types: nonce, checks, result, expectations, endpoints, names. */
class GpuValuesTest {

    @Test
    void nonceParsingAndConstantTimeComparison() {
        GpuNonce nonce = GpuNonce.ofHex("AB".repeat(32));
        assertEquals("ab".repeat(32), nonce.hex());
        assertTrue(nonce.matchesHex("ab".repeat(32)));
        assertFalse(nonce.matchesHex("ab".repeat(31) + "ac"));
        assertFalse(nonce.matchesHex(null));
        assertFalse(nonce.matchesHex("ab".repeat(33)));
        assertFalse(nonce.matchesHex("zz".repeat(32)));
        assertTrue(nonce.matches(GpuNonce.of(nonce.bytes()).bytes()));
        assertFalse(nonce.matches(null));
        for (String bad : new String[] {"", "ab", "zz".repeat(32), "ab".repeat(31) + "a"}) {
            assertThrows(IllegalArgumentException.class, () -> GpuNonce.ofHex(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> GpuNonce.of(new byte[31]));
    }

    @Test
    void checkNamesAndFailureIdsAreStableAndUnique() {
        assertEquals("gpu.evidence-signature", GpuCheckName.EVIDENCE_SIGNATURE.id());
        assertEquals("token-kid-unknown", GpuFailure.TOKEN_KID_UNKNOWN.id());
        assertEquals(GpuCheckName.values().length, Arrays.stream(GpuCheckName.values()).map(GpuCheckName::id).distinct().count());
        Set<GpuCheckName> withFailures = Arrays.stream(GpuFailure.values()).map(GpuFailure::check).collect(Collectors.toSet());
        assertEquals(Set.of(GpuCheckName.values()), withFailures, "every check can fail with a named reason");
    }

    @Test
    void aCheckCarriesAFailureExactlyWhenItFails() {
        assertThrows(IllegalArgumentException.class, () -> new GpuCheck(GpuCheckName.FWID, true, GpuFailure.FWID_MISMATCH, ""));
        assertThrows(IllegalArgumentException.class, () -> new GpuCheck(GpuCheckName.FWID, false, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new GpuCheck(GpuCheckName.FWID, false, GpuFailure.TOKEN_EXPIRED, ""));
        assertEquals("fwid-mismatch: GPU-1", GpuCheck.fail(GpuFailure.FWID_MISMATCH, "GPU-1").describe());
        assertEquals("ok", GpuCheck.pass(GpuCheckName.FWID, "ok").describe());
    }

    @Test
    void aVerifiedResultHasOnlyPassedChecks() {
        GpuCheck pass = GpuCheck.pass(GpuCheckName.FWID, "ok");
        GpuCheck fail = GpuCheck.fail(GpuFailure.FWID_MISMATCH, "no");
        Optional<GpuArchitecture> hopper = Optional.of(GpuArchitecture.HOPPER);
        assertThrows(IllegalArgumentException.class, () -> new GpuResult(GpuResult.Mode.EVIDENCE_ONLY, true, List.of(),
                List.of(), Optional.empty(), hopper));
        assertThrows(IllegalArgumentException.class, () -> new GpuResult(GpuResult.Mode.EVIDENCE_ONLY, true,
                List.of(pass, fail), List.of(), Optional.empty(), hopper));
        assertThrows(IllegalArgumentException.class, () -> new GpuResult(GpuResult.Mode.EVIDENCE_ONLY, true,
                List.of(pass), List.of(), Optional.empty(), Optional.empty()), "verified means the architecture is known");
        GpuResult failed = new GpuResult(GpuResult.Mode.EVIDENCE_ONLY, false, List.of(pass, fail), List.of(), Optional.empty(),
                Optional.empty());
        assertEquals(Optional.empty(), failed.gpuCount());
        assertEquals(List.of(GpuFailure.FWID_MISMATCH), failed.failures());
        assertEquals(fail, failed.firstFailure().orElseThrow());
        assertEquals(pass, failed.check(GpuCheckName.FWID).orElseThrow());
    }

    @Test
    void expectationsAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> GpuExpectations.none().withVmGpuCount(0));
        assertThrows(IllegalArgumentException.class, () -> GpuExpectations.none().withVmGpuCount(65));
        GpuExpectations e = GpuExpectations.none().withVmGpuCount(8).withVbiosVersions(Set.of("96.00.CF.00.02"));
        assertEquals(Optional.of(8), e.vmGpuCount());
        assertTrue(e.allowsVbios("96.00.cf.00.02"));
        assertTrue(e.allowsDriver("anything"));
        assertFalse(e.allowsVbios("96.00.CF.00.03"));
        assertEquals(Optional.of(GpuArchitecture.BLACKWELL), GpuArchitecture.ofPayloadName("BLACKWELL"));
        assertEquals(Optional.empty(), GpuArchitecture.ofPayloadName("hopper"));
    }

    @Test
    void nrasEndpointsDeriveFromTheBaseUrl() {
        NrasEndpoints production = NrasEndpoints.PRODUCTION;
        assertEquals(URI.create("https://nras.attestation.nvidia.com/v3/attest/gpu"), production.attestUrl());
        assertEquals(URI.create("https://nras.attestation.nvidia.com/.well-known/jwks.json"), production.jwksUrl());
        assertEquals("https://nras.attestation.nvidia.com", production.issuer());
        assertEquals("http://127.0.0.1:8443", new NrasEndpoints(URI.create("http://127.0.0.1:8443/")).issuer());
        for (String bad : new String[] {"ftp://x", "https://x/?q=1", "https://x/#f", "/relative"}) {
            assertThrows(IllegalArgumentException.class, () -> new NrasEndpoints(URI.create(bad)), bad);
        }
    }

    @Test
    void productionTrustPinsNvidia() {
        GpuTrust trust = GpuTrust.production();
        assertEquals("https://nras.attestation.nvidia.com", trust.nrasIssuer());
        assertEquals("2.0", trust.claimsVersion());
        assertEquals(GpuTrust.DEFAULT_LEEWAY, trust.tokenLeeway());
        assertThrows(IllegalArgumentException.class, () -> GpuTrust.certificate("nope".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> new NrasTokenVerifier("i", java.time.Duration.ofMinutes(6), "2.0",
                NrasKeyTrust.production()));
    }
}
