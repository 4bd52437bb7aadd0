package dev.verifiedproxy.policy;

import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyObserverTest {

    /**
     * Observe mode's output is a valid policy file that pins exactly what was observed, and accepts the June
     * components (their DCAP, GPU and every other fact established for real) with every check passed.
     */
    @Test
    void observedValuesPasteIntoAValidPolicyThatAcceptsThem() throws PolicyValidationException {
        List<RealComponents.Component> components = new ArrayList<>(RealComponents.components(RealComponents.CLOUD_0629));
        components.addAll(RealComponents.components(RealComponents.DIRECT_0629));
        List<ObservedProfile> observed = components.stream()
                .map(c -> PolicyObserver.observe(c.observation(), c.composeManager())).toList();
        String text = PolicyObserver.pretty(PolicyObserver.document(observed));
        AttestationPolicy policy = PolicyParser.parse(text.getBytes(StandardCharsets.UTF_8), "observed.json");
        assertEquals(List.of("observed-gateway-cloud-api.near.ai", "observed-model-cloud-api.near.ai",
                "observed-model-qwen35-122b.completions.near.ai"), policy.profiles().stream().map(Profile::name).toList());
        for (RealComponents.Component c : components) {
            List<Check> checks = PolicyEvaluator.evaluate(policy, c.observation()).checks();
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), check.toJson().toString()));
            assertTrue(checks.stream().anyMatch(check -> check.name().equals("tcb_status")));
            if (c.observation().role() == dev.verifiedproxy.verdict.Role.MODEL) {
                assertTrue(checks.stream().anyMatch(check -> check.name().equals("gpu_identity")), "GPU evidence verified");
            }
            c.composeManager().ifPresent(cm -> PolicyEvaluator.evaluate(policy, cm).checks()
                    .forEach(check -> assertEquals(Outcome.PASS, check.outcome(), check.toJson().toString())));
        }
    }

    @Test
    void theObservedProfilePinsTheJuneModel() {
        RealComponents.Component model = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        JsonObject p = PolicyObserver.observe(model.observation(), model.composeManager()).profile();
        JsonObject tuple = p.getJsonObject("boot").getJsonArray("allow").getJsonObject(0);
        assertEquals(PolicyFiles.MRTD, tuple.getString("mrtd"));
        assertEquals(PolicyFiles.OS_IMAGE, tuple.getString("osImageHash"));
        assertTrue(tuple.getString("source").startsWith("observed 2026-06-29T02:06:37Z"));
        assertEquals("2c0a0c96cb6dbd659bf1446e2f3fce58172ff91b", p.getJsonObject("app").getJsonArray("appIds").getString(0));
        assertEquals("66007399f064f058af68771c552bcae150c9f88622305631b5141da1aa2f7b7e",
                p.getJsonObject("app").getJsonObject("compose").getJsonArray("allowHashes").getString(0));
        assertEquals(5, p.getJsonObject("composeManager").getJsonArray("allowFiles").size());
        assertEquals("storage-fs", p.getJsonObject("eventLog").getJsonArray("required").getString(8));
    }

    @Test
    void observeModePinsTheObservedGpuCountAndArchitecture() throws PolicyValidationException {
        RealComponents.Component model = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        Observation noGpuFacts = Records.with(model.observation(), "gpu", Optional.empty());
        JsonObject unverified = PolicyObserver.observe(noGpuFacts, model.composeManager()).profile().getJsonObject("gpu");
        assertEquals(jakarta.json.Json.createObjectBuilder().add("required", true).add("requireNonceMatch", true).build(),
                unverified, "nothing established, nothing pinned");
        Observation withGpus = Records.with(model.observation(), "gpu", Optional.of(new GpuFacts(true, List.of(),
                Optional.of(8), Optional.of(GpuArchitecture.HOPPER))));
        GpuFacts real = model.observation().gpu().orElseThrow();
        assertEquals(Optional.of(8), real.count(), "the real June model's evidence names 8 GPUs");
        assertEquals(Optional.of(GpuArchitecture.HOPPER), real.architecture());
        ObservedProfile observed = PolicyObserver.observe(withGpus, model.composeManager());
        JsonObject gpu = observed.profile().getJsonObject("gpu");
        assertEquals(8, gpu.getInt("count"));
        assertEquals(List.of("HOPPER"), gpu.getJsonArray("architectures").getValuesAs(jakarta.json.JsonString::getString));
        AttestationPolicy policy = PolicyParser.parse(PolicyObserver.pretty(PolicyObserver.document(List.of(observed)))
                .getBytes(StandardCharsets.UTF_8), "observed");
        assertEquals(Optional.of(java.util.Set.of(8)), policy.profiles().get(0).gpu().counts());
        List<Check> checks = PolicyEvaluator.evaluate(policy, withGpus).checks();
        assertEquals(Outcome.PASS, checks.stream().filter(c -> c.name().equals(GpuRules.COUNT)).findFirst().orElseThrow().outcome());
        assertEquals(Outcome.PASS, checks.stream().filter(c -> c.name().equals(GpuRules.ARCHITECTURE)).findFirst().orElseThrow()
                .outcome());
    }

    /** An observed policy is strict: the gateway's values do not let the model through. */
    @Test
    void anObservedPolicyRejectsAnotherCvm() throws PolicyValidationException {
        RealComponents.Component gateway = RealComponents.components(RealComponents.CLOUD_0629).get(0);
        RealComponents.Component model = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        ObservedProfile g = PolicyObserver.observe(gateway.observation(), Optional.empty());
        JsonObject asModel = jakarta.json.Json.createObjectBuilder(g.profile())
                .add("match", jakarta.json.Json.createObjectBuilder()
                .add("role", "model")).build();
        AttestationPolicy policy = PolicyParser.parse(PolicyObserver.pretty(PolicyObserver.document(List.of(new ObservedProfile("m", asModel,
                List.of())))).getBytes(StandardCharsets.UTF_8), "x");
        List<String> failed = PolicyEvaluator.evaluate(policy, model.observation()).checks().stream().filter(c -> !c.ok())
                .map(Check::name).toList();
        assertTrue(failed.containsAll(List.of(BootRules.BOOT_MEASUREMENTS, AppRules.APP_ID, AppRules.COMPOSE)),
                failed.toString());
    }

    @Test
    void theComposeManagerIsObservedThroughItsModel() {
        RealComponents.Component model = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        assertThrows(IllegalArgumentException.class,
                () -> PolicyObserver.observe(model.composeManager().orElseThrow(), Optional.empty()));
    }
}
