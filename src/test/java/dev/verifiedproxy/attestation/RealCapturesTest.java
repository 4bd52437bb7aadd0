package dev.verifiedproxy.attestation;

import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.ObservedProfile;
import dev.verifiedproxy.policy.PolicyEvaluation;
import dev.verifiedproxy.policy.PolicyEvaluator;
import dev.verifiedproxy.policy.PolicyFailure;
import dev.verifiedproxy.policy.PolicyObserver;
import dev.verifiedproxy.policy.PolicyParser;
import dev.verifiedproxy.policy.PolicyValidationException;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.testing.RealComponents.Capture;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Component;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every real capture through report parsing, every check of this step, and a policy pinning what
 * the captures show (built with observe mode), into verdicts. DCAP and GPU are the next steps: the
 * DCAP result is a stated stand-in here, and the GPU check must fail closed on every model.
 */
class RealCapturesTest {

    /** The verdict for a capture under a policy pinning what that capture shows (observe mode's output for it). */
    private static Verdict verdict(Capture capture) {
        List<RealComponents.Component> parts = RealComponents.components(capture);
        AttestationPolicy policy = observedPolicy(parts);
        List<Component> components = new ArrayList<>();
        for (RealComponents.Component c : parts) {
            PolicyEvaluation e = PolicyEvaluator.evaluate(policy, c.observation());
            components.add(new Component(c.observation().role(),
                    Optional.of(c.attestation().signingKey().address()), e.checks()));
            c.composeManager().ifPresent(cm -> components.add(new Component(Role.COMPOSE_MANAGER, Optional.empty(),
                    PolicyEvaluator.evaluate(policy, cm).checks())));
        }
        return Verdict.of(components, policy.digest(), capture.at());
    }

    private static AttestationPolicy observedPolicy(List<RealComponents.Component> parts) {
        List<ObservedProfile> observed = parts.stream()
                .map(c -> PolicyObserver.observe(c.observation(), c.composeManager())).toList();
        try {
            return PolicyParser.parse(PolicyObserver.pretty(PolicyObserver.document(observed))
                    .getBytes(StandardCharsets.UTF_8), "observed");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyCaptureParsesAndPassesEveryCheckExceptTheUnverifiedGpu() {
        StringBuilder table = new StringBuilder("\n");
        for (Capture capture : RealComponents.ALL) {
            Verdict verdict = verdict(capture);
            assertFalse(verdict.verified(), "no model verdict is complete before GPU verification lands");
            for (Component component : verdict.components()) {
                List<Check> failed = component.failures();
                if (component.role() == Role.MODEL) {
                    assertEquals(List.of(PolicyEvaluator.GPU), failed.stream().map(Check::name).toList(), capture.name());
                    assertEquals(PolicyFailure.GPU_NOT_VERIFIED, failed.get(0).reason());
                } else {
                    assertEquals(List.of(), failed, capture.name() + " " + component.role());
                }
                for (Check c : component.checks()) {
                    if (c.name().equals("compose_manager_image") && c.outcome() == Outcome.NOT_PINNED) {
                        // April logs predate compose_manager_started actions: the data does not say which image runs.
                        assertTrue(c.detail().contains("(not recorded)"), c.detail());
                    } else if (!c.name().equals(PolicyEvaluator.GPU)) {
                        assertEquals(Outcome.PASS, c.outcome(), capture.name() + " " + c.toJson());
                    }
                }
                table.append(capture.name()).append(" / ").append(component.role().json()).append(": ")
                        .append(component.checks().size()).append(" checks, failed ")
                        .append(failed.stream().map(Check::name).collect(Collectors.joining(", ", "[", "]"))).append('\n');
            }
        }
        System.out.println(table);
    }

    /** The June gateway component is fully verified by this step (its DCAP result is the stated stand-in). */
    @Test
    void theJuneGatewayVerdictNamesEveryCheck() {
        Verdict verdict = verdict(RealComponents.CLOUD_0629);
        Component gateway = verdict.components().get(0);
        assertEquals(Role.GATEWAY, gateway.role());
        assertTrue(gateway.passed());
        assertEquals(List.of("policy_profile", "signing_key", "request_nonce", "report_data", "live_tls_spki", "tls_certificate",
                "rtmr0_replay", "rtmr1_replay", "rtmr2_replay", "rtmr3_replay", "runtime_event_digests", "runtime_events",
                "compose_hash_event", "compose_hash_claims", "mr_config_id", "info_app_id", "info_instance_id",
                        "info_os_image_hash",
                "info_key_provider", "info_device_id", "info_mr_aggregated", "info_tcb_registers",
                        "info_event_log_copy", "tcb_status",
                "td_debug", "td_attributes", "zero_fields", "mr_seam", "boot_measurements", "required_events",
                        "post_boot_events", "app_id",
                "key_provider", "compose_pinning", "images_digest_pinned", "report_data_layout"),
                gateway.checks().stream().map(Check::name).toList());
        assertEquals(List.of(Role.GATEWAY, Role.MODEL, Role.COMPOSE_MANAGER), verdict.components().stream()
                .map(Component::role).toList());
        System.out.println(verdict.toJson().getJsonArray("components").getJsonObject(2));
    }
}
