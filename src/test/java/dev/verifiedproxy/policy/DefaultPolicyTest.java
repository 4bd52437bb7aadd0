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
            AppRules.APP_ID, AppRules.KEY_PROVIDER, AppRules.COMPOSE);

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

    /** A model under the default policy fails only on GPU evidence, which is not verified yet: fail closed. */
    @Test
    void aJuneModelFailsTheDefaultPolicyOnlyForItsUnverifiedGpu() {
        RealComponents.Component model = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        PolicyEvaluation e = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), model.observation());
        assertEquals(List.of(PolicyEvaluator.GPU), e.checks().stream().filter(c -> !c.ok()).map(Check::name).toList());
        assertEquals(PolicyFailure.GPU_NOT_VERIFIED, e.checks().stream().filter(c -> !c.ok()).findFirst().orElseThrow().reason());
        PolicyEvaluation cm = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), model.composeManager().orElseThrow());
        assertTrue(cm.accepted(), cm.checks().toString());
        assertEquals(Outcome.NOT_PINNED, cm.checks().stream().filter(c -> c.name().equals(ComposeManagerRules.FILES)).findFirst()
                .orElseThrow().outcome());
    }

    /** The nearai-cloud-verifier fixture is plain mode: the default's TLS requirement refuses it. */
    @Test
    void aPlainModeReportFailsTheDefaultTlsRequirement() {
        RealComponents.Component gateway = RealComponents.components(RealComponents.FIXTURE_01).get(0);
        PolicyEvaluation e = PolicyEvaluator.evaluate(PolicyLoader.defaultPolicy(), gateway.observation());
        assertEquals(List.of(PolicyEvaluator.REPORT_DATA_LAYOUT), e.checks().stream().filter(c -> !c.ok())
                .map(Check::name).toList());
    }
}
