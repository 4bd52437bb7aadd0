package dev.verifiedproxy.policy;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.attestation.BindingFailure;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ComposeAction;
import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.EventLog;
import dev.verifiedproxy.eventlog.EventLogEntry;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.RtmrReplay;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.gpu.GpuArchitecture;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Reason;
import dev.verifiedproxy.verdict.Role;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyEvaluatorTest {

    private static final String CM_DIGEST = "sha256:b487f39160e9a53c3d98943a9c709d28e12babef75e0bb5a6cd5692abc8b2db6";

    private enum Broken implements Reason {
        BROKEN;

        @Override
        public String message() {
            return "broken";
        }
    }

    private static AttestationPolicy policy(JsonObjectBuilder model) {
        return PolicyFiles.parse(PolicyFiles.withModel(model));
    }

    private static Check check(AttestationPolicy policy, Observation o, String name) {
        return PolicyEvaluator.evaluate(policy, o).checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name));
    }

    private static void assertOutcome(Outcome outcome, Reason reason, Check check) {
        assertEquals(outcome, check.outcome(), check.toJson().toString());
        assertEquals(reason, check.reason());
    }

    @Test
    void aComponentNoProfileMatchesFails() {
        AttestationPolicy gatewayOnly = PolicyFiles.parse(PolicyFiles.policy(Json.createObjectBuilder()
                .add("g", PolicyFiles.gatewayProfile())));
        PolicyEvaluation e = PolicyEvaluator.evaluate(gatewayOnly, Observations.model());
        assertEquals(Optional.empty(), e.profile());
        assertOutcome(Outcome.FAIL, PolicyFailure.NO_MATCHING_PROFILE, e.checks().get(0));
        assertFalse(e.accepted());
    }

    @Test
    void theTcbStatusMustBeAllowed() {
        AttestationPolicy p = policy(PolicyFiles.modelProfile());
        Observation o = Observations.model();
        assertOutcome(Outcome.PASS, null, check(p, o, PlatformRules.TCB_STATUS));
        assertOutcome(Outcome.FAIL, PolicyFailure.QUOTE_NOT_VERIFIED,
                check(p, Records.with(o, "platform", Optional.empty()), PlatformRules.TCB_STATUS));
        assertOutcome(Outcome.FAIL, PolicyFailure.TCB_STATUS_NOT_ALLOWED, check(p, Records.with(o, "platform", Optional.of(
                new PlatformFacts(TcbStatus.OUT_OF_DATE, List.of(), Optional.empty()))), PlatformRules.TCB_STATUS));
        assertOutcome(Outcome.FAIL, PolicyFailure.ADVISORY_NOT_ALLOWED, check(p, Records.with(o, "platform", Optional.of(
                new PlatformFacts(TcbStatus.UP_TO_DATE, List.of("INTEL-SA-00837"), Optional.empty()))),
                        PlatformRules.TCB_STATUS));
        AttestationPolicy allowsAdvisory = policy(PolicyFiles.modelProfile()
                .add("platform", Json.createObjectBuilder().add("tcbStatus",
                Json.createObjectBuilder().add("allowAdvisoryIds", Json.createArrayBuilder().add("INTEL-SA-00837")))));
        assertOutcome(Outcome.PASS, null, check(allowsAdvisory, Records.with(o, "platform", Optional.of(
                new PlatformFacts(TcbStatus.UP_TO_DATE, List.of("INTEL-SA-00837"), Optional.empty()))),
                        PlatformRules.TCB_STATUS));
    }

    @Test
    void anOutOfDateGracePeriodNeedsToKnowSinceWhen() {
        AttestationPolicy p = policy(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("tcbStatus",
                Json.createObjectBuilder().add("allow", Json.createArrayBuilder().add("UpToDate").add("OutOfDate"))
                        .add("outOfDateGraceDays", 30))));
        Observation o = Observations.model();
        assertOutcome(Outcome.FAIL, PolicyFailure.OUT_OF_DATE_SINCE_UNKNOWN, check(p, Records.with(o, "platform", Optional.of(
                new PlatformFacts(TcbStatus.OUT_OF_DATE, List.of(), Optional.empty()))), PlatformRules.TCB_STATUS));
        assertOutcome(Outcome.PASS, null,
                check(p, Records.with(o, "platform", Optional.of(new PlatformFacts(TcbStatus.OUT_OF_DATE, List.of(),
                Optional.of(o.at().minus(Duration.ofDays(29)))))), PlatformRules.TCB_STATUS));
        assertOutcome(Outcome.FAIL, PolicyFailure.OUT_OF_DATE_GRACE_EXPIRED,
                check(p, Records.with(o, "platform", Optional.of(new PlatformFacts(
                TcbStatus.OUT_OF_DATE, List.of(), Optional.of(o.at().minus(Duration.ofDays(31)))))), PlatformRules.TCB_STATUS));
    }

    /** Suggested mutation: set TD_ATTRIBUTES byte 0 bit 0 (debug). No policy can accept it. */
    @Test
    void aDebugTdIsAlwaysRejected() {
        Observation debug = Records.with(Observations.model(), "td",
                Records.with(Observations.model().td(), "tdAttributes", "0100001000000000"));
        AttestationPolicy lenient = policy(PolicyFiles.modelProfile()
                .add("boot", Json.createObjectBuilder().add("mode", "warn")));
        assertOutcome(Outcome.FAIL, PolicyFailure.DEBUG_TD, check(lenient, debug, PlatformRules.TD_DEBUG));
        assertOutcome(Outcome.FAIL, PolicyFailure.DEBUG_TD, check(PolicyLoader.defaultPolicy(), debug, PlatformRules.TD_DEBUG));
    }

    @Test
    void exactTdAttributesAndZeroFields() {
        AttestationPolicy exact = policy(PolicyFiles.modelProfile().add("platform", Json.createObjectBuilder().add("tdAttributes",
                Json.createObjectBuilder().add("debug", "forbid").add("exact", "0000001000000000"))));
        Observation o = Observations.model();
        assertOutcome(Outcome.PASS, null, check(exact, o, PlatformRules.TD_ATTRIBUTES));
        assertOutcome(Outcome.FAIL, PolicyFailure.TD_ATTRIBUTES_MISMATCH,
                check(exact, Records.with(o, "td", Records.with(o.td(), "tdAttributes",
                "0000001000000080")), PlatformRules.TD_ATTRIBUTES));
        assertEquals(Outcome.NOT_PINNED, check(policy(PolicyFiles.modelProfile()), o, PlatformRules.TD_ATTRIBUTES).outcome());
        assertOutcome(Outcome.FAIL, PolicyFailure.NON_ZERO_FIELD, check(policy(PolicyFiles.modelProfile()), Records.with(o, "td",
                Records.with(o.td(), "mrOwner", "01".repeat(48))), PlatformRules.ZERO_FIELDS));
    }

    @Test
    void mrSeamAllowListsEnforceOrWarnAndEmptyDenies() {
        Observation o = Observations.model();
        assertEquals(Outcome.NOT_PINNED, check(policy(PolicyFiles.modelProfile()), o, PlatformRules.MR_SEAM).outcome());
        assertOutcome(Outcome.PASS, null, check(mrSeam(List.of(o.td().mrSeam()), "enforce"), o, PlatformRules.MR_SEAM));
        assertOutcome(Outcome.FAIL, PolicyFailure.MR_SEAM_NOT_ALLOWED,
                check(mrSeam(List.of(), "enforce"), o, PlatformRules.MR_SEAM));
        assertOutcome(Outcome.WARNED, PolicyFailure.MR_SEAM_NOT_ALLOWED,
                check(mrSeam(List.of("ab".repeat(48)), "warn"), o, PlatformRules.MR_SEAM));
    }

    private static AttestationPolicy mrSeam(List<String> allow, String mode) {
        return policy(PolicyFiles.modelProfile()
                .add("platform", Json.createObjectBuilder().add("mrSeam", Json.createObjectBuilder()
                .add("mode", mode).add("allow", Json.createArrayBuilder(allow)))));
    }

    @Test
    void theBootChainMustMatchOneTupleAsAWhole() {
        Observation o = Observations.model();
        assertOutcome(Outcome.PASS, null, check(policy(PolicyFiles.modelProfile()), o, BootRules.BOOT_MEASUREMENTS));
        assertOutcome(Outcome.FAIL, PolicyFailure.BOOT_NOT_ALLOWED, check(policy(PolicyFiles.modelProfile()),
                Records.with(o, "td", Records.with(o.td(), "rtmr0", "0c".repeat(48))), BootRules.BOOT_MEASUREMENTS));
        AttestationPolicy twoShapes = policy(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder().add("allow",
                Json.createArrayBuilder().add(PolicyFiles.tuple()
                        .add("rtmr0", Json.createArrayBuilder().add("0c".repeat(48)).add(PolicyFiles.RTMR0))))));
        assertOutcome(Outcome.PASS, null, check(twoShapes, o, BootRules.BOOT_MEASUREMENTS));
        AttestationPolicy otherImage = policy(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder().add("allow",
                Json.createArrayBuilder().add(PolicyFiles.tuple().add("osImageHash", "da".repeat(32))))));
        assertOutcome(Outcome.FAIL, PolicyFailure.BOOT_NOT_ALLOWED, check(otherImage, o, BootRules.BOOT_MEASUREMENTS));
        AttestationPolicy mixed = policy(PolicyFiles.modelProfile()
                .add("boot", Json.createObjectBuilder().add("allow", Json.createArrayBuilder()
                .add(PolicyFiles.tuple().add("rtmr2", "24".repeat(48))).add(PolicyFiles.tuple().add("rtmr1", "a7".repeat(48))))));
        // a kernel from one tuple and a command line from another is not a match
        assertOutcome(Outcome.FAIL, PolicyFailure.BOOT_NOT_ALLOWED, check(mixed, o, BootRules.BOOT_MEASUREMENTS));
        AttestationPolicy empty = policy(PolicyFiles.modelProfile()
                .add("boot", Json.createObjectBuilder().add("allow", Json.createArrayBuilder())));
        assertOutcome(Outcome.FAIL, PolicyFailure.BOOT_NOT_ALLOWED, check(empty, o, BootRules.BOOT_MEASUREMENTS));
        AttestationPolicy warn = policy(PolicyFiles.modelProfile().add("boot", Json.createObjectBuilder().add("mode", "warn")
                .add("allow", Json.createArrayBuilder())));
        assertOutcome(Outcome.WARNED, PolicyFailure.BOOT_NOT_ALLOWED, check(warn, o, BootRules.BOOT_MEASUREMENTS));
        AttestationPolicy observe = policy(PolicyFiles.modelProfile()
                .add("boot", Json.createObjectBuilder().add("mode", "warn")));
        Check notPinned = check(observe, o, BootRules.BOOT_MEASUREMENTS);
        assertEquals(Outcome.NOT_PINNED, notPinned.outcome());
        assertTrue(notPinned.detail().contains(PolicyFiles.MRTD) && notPinned.detail().contains(PolicyFiles.OS_IMAGE));
        assertOutcome(Outcome.FAIL, PolicyFailure.EVENTS_UNAVAILABLE, check(policy(PolicyFiles.modelProfile()),
                Records.with(o, "events", Optional.empty()), BootRules.BOOT_MEASUREMENTS));
    }

    @Test
    void requiredAndPostBootEvents() {
        Observation o = Observations.model();
        AttestationPolicy needsStorage = policy(PolicyFiles.modelProfile()
                .add("eventLog", Json.createObjectBuilder().add("required",
                Json.createArrayBuilder().add("storage-fs").add("mr-kms"))));
        assertOutcome(Outcome.PASS, null, check(needsStorage, o, EventRules.REQUIRED_EVENTS));
        AttestationPolicy needsMore = policy(PolicyFiles.modelProfile().add("eventLog", Json.createObjectBuilder().add("required",
                Json.createArrayBuilder().add("init-script-hash"))));
        assertOutcome(Outcome.FAIL, PolicyFailure.REQUIRED_EVENT_MISSING, check(needsMore, o, EventRules.REQUIRED_EVENTS));
        RuntimeEvents withApp = withPostBootEvent(o, "LIUM_MINER_HOTKEY");
        Observation app = Records.with(o, "events", Optional.of(withApp));
        assertOutcome(Outcome.FAIL, PolicyFailure.POST_BOOT_EVENT_NOT_ALLOWED, check(policy(PolicyFiles.modelProfile()), app,
                EventRules.POST_BOOT_EVENTS));
        AttestationPolicy allows = policy(PolicyFiles.modelProfile()
                .add("eventLog", Json.createObjectBuilder().add("afterSystemReady",
                Json.createObjectBuilder().add("allowEvents", Json.createArrayBuilder().add("LIUM_MINER_HOTKEY")))));
        assertOutcome(Outcome.PASS, null, check(allows, app, EventRules.POST_BOOT_EVENTS));
    }

    private static RuntimeEvents withPostBootEvent(Observation o, String name) {
        List<dev.verifiedproxy.eventlog.RuntimeEvent> events = new ArrayList<>(o.events().orElseThrow().events());
        events.add(new dev.verifiedproxy.eventlog.RuntimeEvent(99, name, "00", true));
        return new RuntimeEvents(events);
    }

    @Test
    void appIdsAndKeyProviders() {
        Observation o = Observations.model();
        assertEquals(Outcome.NOT_PINNED, check(policy(PolicyFiles.modelProfile()), o, AppRules.APP_ID).outcome());
        AttestationPolicy pinned = policy(PolicyFiles.modelProfile().add("app", Json.createObjectBuilder()
                .add("appIds", Json.createArrayBuilder().add("2c0a0c96cb6dbd659bf1446e2f3fce58172ff91b"))
                .add("keyProviders", Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "kms").add("id",
                        o.events().orElseThrow().keyProvider().orElseThrow().id())))));
        assertOutcome(Outcome.PASS, null, check(pinned, o, AppRules.APP_ID));
        assertOutcome(Outcome.PASS, null, check(pinned, o, AppRules.KEY_PROVIDER));
        AttestationPolicy gatewayApp = policy(PolicyFiles.modelProfile().add("app", Json.createObjectBuilder()
                .add("appIds", Json.createArrayBuilder().add("f550fdfb4eb8ad787c1bcd423f091cbb4a4431ae"))
                .add("keyProviders", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("name", "local-sgx").add("id", "")))));
        assertOutcome(Outcome.FAIL, PolicyFailure.APP_ID_NOT_ALLOWED, check(gatewayApp, o, AppRules.APP_ID));
        assertOutcome(Outcome.FAIL, PolicyFailure.KEY_PROVIDER_NOT_ALLOWED, check(gatewayApp, o, AppRules.KEY_PROVIDER));
        AttestationPolicy emptyIds = policy(PolicyFiles.modelProfile()
                .add("app", Json.createObjectBuilder().add("appIds", Json.createArrayBuilder())));
        assertOutcome(Outcome.FAIL, PolicyFailure.APP_ID_NOT_ALLOWED, check(emptyIds, o, AppRules.APP_ID));
        AttestationPolicy warn = policy(PolicyFiles.modelProfile().add("app", Json.createObjectBuilder().add("mode", "warn")
                .add("appIds", Json.createArrayBuilder())));
        assertOutcome(Outcome.WARNED, PolicyFailure.APP_ID_NOT_ALLOWED, check(warn, o, AppRules.APP_ID));
    }

    @Test
    void pinnedComposeHashes() {
        Observation o = Observations.model();
        String hash = o.appCompose().orElseThrow().composeHash();
        assertOutcome(Outcome.PASS, null, check(compose("pinned", List.of(hash)), o, AppRules.COMPOSE));
        assertOutcome(Outcome.FAIL, PolicyFailure.COMPOSE_NOT_ALLOWED,
                check(compose("pinned", List.of("52".repeat(32))), o, AppRules.COMPOSE));
        assertOutcome(Outcome.FAIL, PolicyFailure.COMPOSE_NOT_ALLOWED, check(compose("pinned", List.of()), o, AppRules.COMPOSE));
        assertOutcome(Outcome.FAIL, PolicyFailure.APP_COMPOSE_UNAVAILABLE, check(compose("pinned", List.of(hash)),
                Records.with(o, "appCompose", Optional.empty()), AppRules.COMPOSE));
        assertEquals(Outcome.NOT_PINNED, check(policy(PolicyFiles.modelProfile()), o, AppRules.COMPOSE).outcome());
    }

    private static AttestationPolicy compose(String mode, List<String> hashes) {
        JsonObjectBuilder c = Json.createObjectBuilder().add("mode", mode);
        if (mode.equals("pinned")) {
            c.add("allowHashes", Json.createArrayBuilder(hashes));
        }
        return policy(PolicyFiles.modelProfile().add("app", Json.createObjectBuilder().add("compose", c)));
    }

    @Test
    void provenanceModeChecksEveryImageAgainstItsRepositoryRule() {
        Observation o = Observations.model();
        AppCompose c = o.appCompose().orElseThrow();
        JsonArrayBuilder rules = Json.createArrayBuilder();
        c.images().stream().map(i -> i.repository()).distinct()
                .forEach(repo -> rules.add(Json.createObjectBuilder().add("id", repo)
                .add("repo", repo).add("provenance", Json.createObjectBuilder().add("type", "digest-allowlist").add("digests",
                        Json.createArrayBuilder(c.images().stream().filter(i -> i.repository().equals(repo))
                                .map(i -> i.digest().orElseThrow())
                                .distinct().toList())))));
        JsonObjectBuilder model = PolicyFiles.modelProfile().add("app", Json.createObjectBuilder().add("compose",
                Json.createObjectBuilder().add("mode", "provenance")));
        AttestationPolicy all = PolicyFiles.parse(PolicyFiles.withModel(model)
                .add("images", Json.createObjectBuilder().add("rules", rules)));
        assertOutcome(Outcome.PASS, null, check(all, o, AppRules.COMPOSE));
        AttestationPolicy none = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("app", Json.createObjectBuilder()
                .add("compose", Json.createObjectBuilder().add("mode", "provenance")))));
        assertOutcome(Outcome.FAIL, PolicyFailure.IMAGE_NOT_ALLOWED, check(none, o, AppRules.COMPOSE));
        AttestationPolicy anyRepo = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile()
                .add("app", Json.createObjectBuilder()
                .add("compose", Json.createObjectBuilder().add("mode", "provenance")))).add("images", Json.createObjectBuilder()
                .add("unknownRepos", "allow")));
        assertOutcome(Outcome.PASS, null, check(anyRepo, o, AppRules.COMPOSE));
        Observation tagged = Records.with(o, "appCompose",
                Optional.of(AppCompose.parse(Json.createObjectBuilder().add("docker_compose_file",
                "services:\n  a:\n    image: nginx:latest\n").build().toString())));
        assertOutcome(Outcome.FAIL, PolicyFailure.IMAGE_NOT_PINNED, check(anyRepo, tagged, AppRules.COMPOSE));
    }

    @Test
    void imagesMustBeDigestPinned() {
        Observation o = Observations.model();
        AttestationPolicy p = policy(PolicyFiles.modelProfile());
        assertOutcome(Outcome.PASS, null, check(p, o, AppRules.IMAGES_PINNED));
        Observation built = Records.with(o, "appCompose",
                Optional.of(AppCompose.parse(Json.createObjectBuilder().add("docker_compose_file",
                "services:\n  a:\n    build: .\n").build().toString())));
        assertOutcome(Outcome.FAIL, PolicyFailure.IMAGE_NOT_PINNED, check(p, built, AppRules.IMAGES_PINNED));
        assertOutcome(Outcome.FAIL, PolicyFailure.APP_COMPOSE_UNAVAILABLE,
                check(p, Records.with(o, "appCompose", Optional.empty()), AppRules.IMAGES_PINNED));
    }

    @Test
    void tlsBindingIsRequiredUnlessThePolicySaysOtherwise() {
        Observation plain = Records.with(Observations.model(), "tlsBound", false);
        assertOutcome(Outcome.FAIL, PolicyFailure.TLS_BINDING_REQUIRED, check(policy(PolicyFiles.modelProfile()), plain,
                PolicyEvaluator.REPORT_DATA_LAYOUT));
        AttestationPolicy plainOk = policy(PolicyFiles.modelProfile()
                .add("reportData", Json.createObjectBuilder().add("requireTlsBinding", false)));
        assertOutcome(Outcome.PASS, null, check(plainOk, plain, PolicyEvaluator.REPORT_DATA_LAYOUT));
    }

    /**
     * The live TLS check of the CVM that served the connection is enforced when TLS binding is required; a profile
     * that accepts plain mode (which binds no TLS key) only warns, whatever the reason.
     */
    @Test
    void theLiveTlsCheckIsEnforcedExactlyWhenTlsBindingIsRequired() {
        Observation o = Observations.model();
        assertOutcome(Outcome.PASS, null, check(policy(PolicyFiles.modelProfile()), o, PolicyEvaluator.LIVE_TLS_FACT));
        AttestationPolicy plainOk = policy(PolicyFiles.modelProfile()
                .add("reportData", Json.createObjectBuilder().add("requireTlsBinding", false)));
        for (BindingFailure reason : List.of(BindingFailure.TLS_SPKI_NOT_RECORDED, BindingFailure.TLS_FINGERPRINT_MISSING,
                BindingFailure.TLS_FINGERPRINT_MISMATCH)) {
            List<Check> facts = new ArrayList<>(o.facts());
            facts.replaceAll(c -> c.name().equals(PolicyEvaluator.LIVE_TLS_FACT) ? Check.fail(c.name(), reason, "mutated") : c);
            Observation unbound = Records.with(o, "facts", facts);
            assertOutcome(Outcome.FAIL, reason, check(policy(PolicyFiles.modelProfile()), unbound, PolicyEvaluator.LIVE_TLS_FACT));
            assertOutcome(Outcome.WARNED, reason, check(plainOk, unbound, PolicyEvaluator.LIVE_TLS_FACT));
        }
    }

    /** Every check a complete GPU verification reports, all passed. */
    private static List<Check> completeGpuChecks() {
        return GpuRules.REQUIRED_CHECKS.stream().map(name -> Check.pass(name, "ok")).toList();
    }

    private static Observation withGpu(Observation o, boolean verified, List<Check> checks) {
        return Records.with(o, "gpu", Optional.of(new GpuFacts(verified, checks, Optional.of(8),
                Optional.of(GpuArchitecture.HOPPER))));
    }

    /** A model's GPUs fail closed: never a pass by omission. */
    @Test
    void gpuEvidenceFailsClosed() {
        Observation o = Records.with(Observations.model(), "gpu", Optional.empty());
        AttestationPolicy p = policy(PolicyFiles.modelProfile());
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_NOT_VERIFIED, check(p, o, PolicyEvaluator.GPU));
        List<Check> failingChecks = new ArrayList<>(completeGpuChecks());
        failingChecks.set(3, Check.fail(failingChecks.get(3).name(), Broken.BROKEN, "x"));
        Observation failing = withGpu(o, false, failingChecks);
        assertOutcome(Outcome.FAIL, Broken.BROKEN, check(p, failing, failingChecks.get(3).name()));
        assertTrue(PolicyEvaluator.evaluate(p, failing).checks().stream().noneMatch(c -> c.name().equals(PolicyEvaluator.GPU)),
                "the failed check speaks for itself");
        AttestationPolicy optional = policy(PolicyFiles.modelProfile()
                .add("gpu", Json.createObjectBuilder().add("required", false)));
        assertOutcome(Outcome.WARNED, Broken.BROKEN, check(optional, failing, failingChecks.get(3).name()));
        assertEquals(Outcome.NOT_PINNED, check(optional, o, PolicyEvaluator.GPU).outcome());
        Observation verified = withGpu(o, true, completeGpuChecks());
        List<Check> checks = PolicyEvaluator.evaluate(p, verified).checks();
        assertTrue(checks.stream().noneMatch(c -> c.name().equals(PolicyEvaluator.GPU)));
        assertTrue(checks.stream().filter(c -> c.name().startsWith("gpu")).allMatch(Check::ok));
    }

    /** The verifier's conclusion counts, not the absence of failures. */
    @Test
    void aGpuResultThatIsNotVerifiedFailsEvenWithoutAFailedCheck() {
        Observation o = Observations.model();
        AttestationPolicy p = policy(PolicyFiles.modelProfile());
        Check gpu = check(p, withGpu(o, false, completeGpuChecks()), PolicyEvaluator.GPU);
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_NOT_VERIFIED, gpu);
        assertTrue(gpu.detail().contains("does not report the evidence verified"), gpu.detail());
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_NOT_VERIFIED, check(p, withGpu(o, false, List.of()), PolicyEvaluator.GPU));
    }

    /** Evidence-only results (no NRAS) or any result missing a check do not satisfy the policy. */
    @Test
    void aVerifiedGpuResultMissingARequiredCheckFails() {
        Observation o = Observations.model();
        AttestationPolicy p = policy(PolicyFiles.modelProfile());
        List<Check> localOnly = completeGpuChecks().stream().filter(c -> !c.name().equals("gpu_token_signature")).toList();
        Check gpu = check(p, withGpu(o, true, localOnly), PolicyEvaluator.GPU);
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_NOT_VERIFIED, gpu);
        assertTrue(gpu.detail().endsWith("were not run: gpu_token_signature"), gpu.detail());
        AttestationPolicy optional = policy(PolicyFiles.modelProfile()
                .add("gpu", Json.createObjectBuilder().add("required", false)));
        assertOutcome(Outcome.WARNED, PolicyFailure.GPU_NOT_VERIFIED, check(optional, withGpu(o, true, localOnly),
                PolicyEvaluator.GPU));
    }

    private static Observation withGpuFacts(Optional<Integer> count, Optional<GpuArchitecture> architecture) {
        return Records.with(Observations.model(), "gpu", Optional.of(new GpuFacts(true, completeGpuChecks(), count,
                architecture)));
    }

    @Test
    void gpuCountAndArchitectureNotPinnedAreReportedAsObserved() {
        AttestationPolicy p = policy(PolicyFiles.modelProfile());
        Observation eight = withGpuFacts(Optional.of(8), Optional.of(GpuArchitecture.HOPPER));
        Check count = check(p, eight, GpuRules.COUNT);
        assertEquals(Outcome.NOT_PINNED, count.outcome());
        assertEquals("not pinned by policy: observed 8 GPUs", count.displayDetail());
        Check architecture = check(p, eight, GpuRules.ARCHITECTURE);
        assertEquals(Outcome.NOT_PINNED, architecture.outcome());
        assertEquals("not pinned by policy: observed HOPPER", architecture.displayDetail());
        assertTrue(PolicyEvaluator.evaluate(p, eight).checks().stream().allMatch(Check::ok));
    }

    @Test
    void gpuCountAndArchitectureArePinnedByPolicy() {
        AttestationPolicy p = policy(PolicyFiles.modelProfile().add("gpu", Json.createObjectBuilder()
                .add("count", Json.createArrayBuilder().add(4).add(8))
                .add("architectures", Json.createArrayBuilder().add("HOPPER"))));
        Observation eightHoppers = withGpuFacts(Optional.of(8), Optional.of(GpuArchitecture.HOPPER));
        assertOutcome(Outcome.PASS, null, check(p, eightHoppers, GpuRules.COUNT));
        assertOutcome(Outcome.PASS, null, check(p, eightHoppers, GpuRules.ARCHITECTURE));
        Observation twoBlackwells = withGpuFacts(Optional.of(2), Optional.of(GpuArchitecture.BLACKWELL));
        Check count = check(p, twoBlackwells, GpuRules.COUNT);
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_COUNT_NOT_ALLOWED, count);
        assertEquals("2 GPUs; the policy allows [4, 8]", count.detail());
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_ARCHITECTURE_NOT_ALLOWED, check(p, twoBlackwells, GpuRules.ARCHITECTURE));
        Observation unknown = withGpuFacts(Optional.empty(), Optional.empty());
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_FACT_UNKNOWN, check(p, unknown, GpuRules.COUNT));
        assertOutcome(Outcome.FAIL, PolicyFailure.GPU_FACT_UNKNOWN, check(p, unknown, GpuRules.ARCHITECTURE));
        AttestationPolicy optional = policy(PolicyFiles.modelProfile().add("gpu", Json.createObjectBuilder()
                .add("required", false).add("count", 8)));
        assertOutcome(Outcome.WARNED, PolicyFailure.GPU_COUNT_NOT_ALLOWED, check(optional, twoBlackwells, GpuRules.COUNT));
    }

    @Test
    void theRequiredGpuChecksAreEveryCheckTheVerifierNames() {
        assertEquals(22, GpuRules.REQUIRED_CHECKS.size());
        assertTrue(GpuRules.REQUIRED_CHECKS.containsAll(List.of("gpu_payload_nonce", "gpu_evidence_signature",
                "gpu_token_key", "gpu_token_signature", "gpu_overall_result", "gpu_identity")));
    }

    @Test
    void replaysOfRegistersThePolicyDoesNotRequireOnlyWarn() {
        Observation o = Observations.model();
        List<Check> facts = new ArrayList<>(o.facts());
        facts.replaceAll(c -> c.name().equals(RtmrReplay.checkName(0)) || c.name().equals(RtmrReplay.checkName(3))
                ? Check.fail(c.name(), dev.verifiedproxy.eventlog.ReplayFailure.RTMR_MISMATCH, "mutated") : c);
        Observation broken = Records.with(o, "facts", facts);
        AttestationPolicy rtmr3Only = policy(PolicyFiles.modelProfile().add("eventLog", Json.createObjectBuilder().add("replay",
                Json.createArrayBuilder().add("rtmr3"))));
        assertEquals(Outcome.WARNED, check(rtmr3Only, broken, RtmrReplay.checkName(0)).outcome());
        assertEquals(Outcome.FAIL, check(rtmr3Only, broken, RtmrReplay.checkName(3)).outcome());
        assertEquals(Outcome.FAIL, check(policy(PolicyFiles.modelProfile()), broken, RtmrReplay.checkName(0)).outcome());
    }

    @Test
    void aRequiredFactThatWasNotRunFails() {
        Observation o = Observations.model();
        Observation withoutReplay = Records.with(o, "facts", o.facts().stream()
                .filter(c -> !c.name().equals(RtmrReplay.checkName(3))
                && !c.name().equals("report_data")).toList());
        assertOutcome(Outcome.FAIL, PolicyFailure.FACT_MISSING,
                check(policy(PolicyFiles.modelProfile()), withoutReplay, RtmrReplay.checkName(3)));
        assertOutcome(Outcome.FAIL, PolicyFailure.FACT_MISSING,
                check(policy(PolicyFiles.modelProfile()), withoutReplay, "report_data"));
    }

    /** The policy names the attestation package's binding checks without importing it; they must stay equal. */
    @Test
    void bindingFactNamesMatchTheAttestationPackage() {
        assertEquals(List.of(dev.verifiedproxy.attestation.ReportDataBinding.SIGNING_KEY,
                dev.verifiedproxy.attestation.ReportDataBinding.REQUEST_NONCE,
                dev.verifiedproxy.attestation.ReportDataBinding.REPORT_DATA), PolicyEvaluator.BINDING_FACTS);
        assertEquals(dev.verifiedproxy.attestation.ReportDataBinding.LIVE_TLS_SPKI, PolicyEvaluator.LIVE_TLS_FACT);
    }

    @Test
    void composeManagerPresenceFilesAndImage() {
        Observation model = Observations.model();
        Observation cm = Observations.composeManager();
        assertOutcome(Outcome.FAIL, PolicyFailure.COMPOSE_MANAGER_MISSING, check(policy(PolicyFiles.modelProfile()),
                Records.with(model, "composeState", Optional.empty()), ComposeManagerRules.PRESENT));
        ComposeState state = cm.composeState().orElseThrow();
        JsonArrayBuilder files = Json.createArrayBuilder();
        state.activeDeployments().forEach(d -> files.add(Json.createObjectBuilder().add("commit", d.commit())
                .add("file", d.file())
                .add("sha256", d.fileSha256())));
        JsonObjectBuilder rule = Json.createObjectBuilder().add("id", "cm")
                .add("repo", "nearaidev/compose-manager").add("provenance",
                Json.createObjectBuilder().add("type", "digest-allowlist")
                        .add("digests", Json.createArrayBuilder().add(CM_DIGEST)));
        AttestationPolicy pinned = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile().add("composeManager",
                Json.createObjectBuilder().add("allowFiles", files).add("composeManagerImage", Json.createObjectBuilder()
                        .add("provenanceRule", "cm"))))
                                .add("images", Json.createObjectBuilder().add("rules", Json.createArrayBuilder().add(rule))));
        assertOutcome(Outcome.PASS, null, check(pinned, cm, ComposeManagerRules.FILES));
        assertOutcome(Outcome.PASS, null, check(pinned, cm, ComposeManagerRules.IMAGE));
        assertTrue(PolicyEvaluator.evaluate(pinned, cm).accepted());

        List<ComposeAction> actions = new ArrayList<>(List.of(ComposeAction.fromJson(Json.createObjectBuilder()
                .add("action", "compose_up")
                .add("file", "evil.yaml").add("commit", "00".repeat(20)).add("file_sha256", "ee".repeat(32)).build(), "$"),
                ComposeAction.fromJson(Json.createObjectBuilder().add("action", "compose_manager_started")
                        .add("image", "nearaidev/compose-manager@sha256:" + "ff".repeat(32)).build(), "$")));
        Observation other = Records.with(cm, "composeState", Optional.of(ComposeState.of(actions)));
        assertOutcome(Outcome.FAIL, PolicyFailure.COMPOSE_FILE_NOT_ALLOWED, check(pinned, other, ComposeManagerRules.FILES));
        assertOutcome(Outcome.FAIL, PolicyFailure.COMPOSE_MANAGER_IMAGE_NOT_ALLOWED,
                check(pinned, other, ComposeManagerRules.IMAGE));
        assertOutcome(Outcome.FAIL, PolicyFailure.COMPOSE_MANAGER_IMAGE_UNKNOWN, check(pinned, Records.with(cm, "composeState",
                Optional.of(ComposeState.of(actions.subList(0, 1)))), ComposeManagerRules.IMAGE));
        assertEquals(Outcome.NOT_PINNED, check(policy(PolicyFiles.modelProfile()), cm, ComposeManagerRules.FILES).outcome());

        AttestationPolicy notRequired = PolicyFiles.parse(PolicyFiles.withModel(PolicyFiles.modelProfile().add("composeManager",
                Json.createObjectBuilder().add("required", false).add("allowFiles", Json.createArrayBuilder()))));
        assertOutcome(Outcome.WARNED, PolicyFailure.COMPOSE_FILE_NOT_ALLOWED, check(notRequired, cm, ComposeManagerRules.FILES));
        assertEquals(Outcome.NOT_PINNED,
                check(notRequired, Records.with(model, "composeState", Optional.empty()), ComposeManagerRules.PRESENT).outcome());
    }

    @Test
    void theComposeManagerNeedsItsBindingFacts() {
        Observation cm = Records.with(Observations.composeManager(), "facts", List.of());
        assertOutcome(Outcome.FAIL, PolicyFailure.FACT_MISSING, check(policy(PolicyFiles.modelProfile()), cm, "actions_hash"));
        assertEquals(Role.COMPOSE_MANAGER, cm.role());
    }

    @Test
    void theObservedModelLogHasNoPostBootEvents() {
        EventLog log = Observations.direct().attestation().eventLog();
        assertTrue(log.entries().stream().filter(EventLogEntry::isRuntimeEvent)
                .allMatch(e -> Hex.decode(e.digest()).isPresent()));
        assertTrue(Observations.model().events().orElseThrow().afterSystemReady().isEmpty());
    }
}
