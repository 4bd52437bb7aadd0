package dev.verifiedproxy.policy;

import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultPolicyTest {

    /** What the default policy cannot know (which software you accept) and therefore reports as observed. */
    private static final Set<String> NOT_PINNED = Set.of(PlatformRules.TD_ATTRIBUTES, PlatformRules.MR_SEAM,
            BootRules.BOOT_MEASUREMENTS,
            AppRules.APP_ID, AppRules.KEY_PROVIDER, AppRules.COMPOSE, GpuRules.COUNT, GpuRules.ARCHITECTURE);

    @Test
    void theDefaultPolicyIsValidAndIdentifiedByItsBytes() {
        AttestationPolicy policy = PolicyLoader.defaultPolicy();
        assertEquals(PolicyParser.digest(PolicyLoader.defaultPolicyBytes()), policy.digest());
        assertEquals(PolicyLoader.DEFAULT_POLICY_SOURCE, policy.source());
        assertEquals(List.of("any-gateway", "any-model"), policy.profiles().stream().map(Profile::name).toList());
        Profile model = policy.profileFor(Role.MODEL, "anything").orElseThrow();
        assertTrue(model.gpuRequired() && model.composeManager().required() && model.requireTlsBinding());
        assertEquals(new GpuPolicy(true, java.util.Optional.empty(), java.util.Optional.empty()), model.gpu(),
                "GPU count and architecture are reported as observed, not pinned");
        assertEquals(PolicyMode.WARN, model.boot().mode());
        assertEquals(Set.of(0, 1, 2, 3), model.eventLog().replay());
    }

    /** Everything checkable without pins passes on the June gateway; the pins are reported as not pinned. */
    @Test
    void theJuneGatewayPassesTheDefaultPolicy() {
        RealComponents.Component gateway = RealComponents.components(RealComponents.CLOUD_0629).get(0);
        PolicyEvaluation e = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), gateway.observation());
        assertEquals("any-gateway", e.profile().orElseThrow());
        for (Check c : e.checks()) {
            assertEquals(NOT_PINNED.contains(c.name()) ? Outcome.NOT_PINNED : Outcome.PASS, c.outcome(), c.toJson().toString());
        }
        assertTrue(e.accepted());
    }

    /**
     * The June model under the default policy, its quote DCAP-verified and its GPU evidence verified against the
     * captured NRAS answer: everything enforced passes, the pins are reported as not pinned; so does its
     * compose-manager, whose deployed files the default cannot pin.
     */
    @Test
    void theJuneModelPassesTheDefaultPolicy() {
        RealComponents.Component model = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        PolicyEvaluation e = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), model.observation());
        assertEquals("any-model", e.profile().orElseThrow());
        for (Check c : e.checks()) {
            assertEquals(NOT_PINNED.contains(c.name()) ? Outcome.NOT_PINNED : Outcome.PASS, c.outcome(), c.toJson().toString());
        }
        assertTrue(e.checks().stream().anyMatch(c -> c.name().equals("gpu_token_signature")), "the GPU checks are there");
        assertTrue(e.accepted());
        PolicyEvaluation cm = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), model.composeManager().orElseThrow());
        assertTrue(cm.accepted(), cm.checks().toString());
        assertEquals(Outcome.NOT_PINNED, cm.checks().stream().filter(c -> c.name().equals(ComposeManagerRules.FILES)).findFirst()
                .orElseThrow().outcome());
    }

    /**
     * The April gateway under the default policy: Intel's collateral of that day says OutOfDate, and the capture
     * recorded no live TLS key; those two fail, each with its reason.
     */
    @Test
    void theAprilGatewayFailsTheDefaultPolicyOnItsTcbStatusAndItsUnrecordedTlsKey() {
        RealComponents.Component gateway = RealComponents.components(RealComponents.CLOUD_0424).get(0);
        PolicyEvaluation e = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), gateway.observation());
        List<Check> failed = e.checks().stream().filter(c -> !c.ok()).toList();
        assertEquals(List.of("live_tls_spki", PlatformRules.TCB_STATUS), failed.stream().map(Check::name).toList());
        assertEquals("tls_spki_not_recorded", failed.get(0).reason().code());
        assertEquals(PolicyFailure.TCB_STATUS_NOT_ALLOWED, failed.get(1).reason());
    }

    /**
     * The nearai-cloud-verifier fixture is plain mode: the default's TLS requirement refuses it, as it refuses its
     * missing live TLS key; and it came without Intel collateral, so its quote is not verified either.
     */
    @Test
    void aPlainModeReportFailsTheDefaultTlsRequirement() {
        RealComponents.Component gateway = RealComponents.components(RealComponents.FIXTURE_01).get(0);
        PolicyEvaluation e = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), gateway.observation());
        assertEquals(List.of("intel_quote", "live_tls_spki", PlatformRules.TCB_STATUS, PolicyEvaluator.REPORT_DATA_LAYOUT),
                e.checks().stream().filter(c -> !c.ok()).map(Check::name).toList());
        assertEquals(PolicyFailure.TLS_BINDING_REQUIRED, e.checks().stream()
                .filter(c -> c.name().equals(PolicyEvaluator.REPORT_DATA_LAYOUT)).findFirst().orElseThrow().reason());
    }
}
