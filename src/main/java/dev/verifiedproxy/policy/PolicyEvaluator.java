package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.ComposeBinding;
import dev.verifiedproxy.eventlog.ComposeManagerBinding;
import dev.verifiedproxy.eventlog.RtmrReplay;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Role;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a policy to the facts of one component (facts first, policy second): the verifiers'
 * checks are kept, enforced or downgraded to warnings as the policy says, and the policy's own
 * rules are added. Fail closed: a component no profile matches, a fact the policy requires that was
 * never established, and every "unknown" fails.
 */
public final class PolicyEvaluator {

    public static final String PROFILE = "policy_profile";
    public static final String REPORT_DATA_LAYOUT = "report_data_layout";
    public static final String GPU = "gpu";

    /**
     * The report-data binding checks of the attestation package ({@code ReportDataBinding}); named
     * here rather than imported because that package orchestrates this one. A test keeps them equal.
     */
    static final List<String> BINDING_FACTS = List.of("signing_key", "request_nonce", "report_data");
    /** The live TLS binding of the CVM that served the connection ({@code ReportDataBinding.liveTls}); same reason. */
    static final String LIVE_TLS_FACT = "live_tls_spki";

    private PolicyEvaluator() {
    }

    public static PolicyEvaluation evaluate(AttestationPolicy policy, Observation observed) {
        Optional<Profile> match = policy.profileFor(observed.role(), observed.host());
        if (match.isEmpty()) {
            List<Check> checks = new ArrayList<>();
            checks.add(Check.fail(PROFILE, PolicyFailure.NO_MATCHING_PROFILE, observed.role().json() + " at " + observed.host()
                    + " (policy " + policy.source() + ")"));
            checks.addAll(observed.facts());
            observed.gpu().ifPresent(g -> checks.addAll(g.checks()));
            return new PolicyEvaluation(Optional.empty(), checks, policy.digest());
        }
        Profile profile = match.get();
        List<Check> checks = new ArrayList<>();
        checks.add(Check.pass(PROFILE, "profile " + profile.name() + " of " + policy.source()));
        if (observed.role() == Role.COMPOSE_MANAGER) {
            composeManager(profile, observed, checks);
        } else {
            cvm(profile, policy.images(), observed, checks);
        }
        return new PolicyEvaluation(Optional.of(profile.name()), checks, policy.digest());
    }

    /** The gateway or a model CVM. */
    private static void cvm(Profile profile, ImagePolicy images, Observation o, List<Check> checks) {
        checks.addAll(facts(profile, o.facts()));
        List<String> required = new ArrayList<>(BINDING_FACTS);
        profile.eventLog().replay().stream().sorted().map(RtmrReplay::checkName).forEach(required::add);
        required.addAll(List.of(RtmrReplay.RUNTIME_DIGESTS, RuntimeEvents.CHECK, ComposeBinding.EVENT, ComposeBinding.CLAIMS,
                ComposeBinding.MR_CONFIG_ID));
        requireFacts(required, o.facts(), checks);

        checks.add(PlatformRules.tcbStatus(profile.platform().tcbStatus(), o.platform(), o.at()));
        checks.add(PlatformRules.debug(o.td()));
        checks.add(PlatformRules.tdAttributes(profile.platform().exactTdAttributes(), o.td()));
        checks.add(PlatformRules.zeroFields(profile.platform(), o.td()));
        checks.add(PlatformRules.mrSeam(profile.platform().mrSeam(), o.td()));
        checks.add(BootRules.check(profile.boot(), o.td(), o.events()));
        checks.add(EventRules.required(profile.eventLog(), o.events()));
        checks.add(EventRules.afterSystemReady(profile.eventLog(), o.events()));
        checks.add(AppRules.appId(profile.app(), o.events()));
        checks.add(AppRules.keyProvider(profile.app(), o.events()));
        checks.add(AppRules.compose(profile.app(), images, o.appCompose()));
        checks.add(AppRules.imagesPinned(profile.app(), o.appCompose()));
        checks.add(reportDataLayout(profile, o.tlsBound()));
        if (o.role() == Role.MODEL) {
            gpu(profile, o.gpu(), checks);
            checks.add(ComposeManagerRules.present(profile.composeManager(), o.composeState()));
        }
    }

    /** The compose-manager inside a model CVM, judged by the model's profile. */
    private static void composeManager(Profile profile, Observation o, List<Check> checks) {
        ComposeManagerPolicy cm = profile.composeManager();
        List<Check> own = new ArrayList<>(facts(profile, o.facts()));
        requireFacts(List.of(ComposeManagerBinding.ACTIONS_HASH, ComposeManagerBinding.REPORT_DATA,
                ComposeManagerBinding.SAME_MEASUREMENTS,
                ComposeManagerBinding.SAME_DEVICE, RtmrReplay.checkName(3), RtmrReplay.RUNTIME_DIGESTS), o.facts(), own);
        own.add(PlatformRules.tcbStatus(profile.platform().tcbStatus(), o.platform(), o.at()));
        own.add(PlatformRules.debug(o.td()));
        own.add(ComposeManagerRules.files(cm, o.composeState()));
        own.add(ComposeManagerRules.image(cm, o.composeState()));
        // Not required: everything about it is reported, nothing about it fails the verdict.
        own.forEach(c -> checks.add(cm.required() ? c : c.warnedIfFailed()));
    }

    /**
     * Facts are enforced, except replays of registers the profile does not require (RTMR3 always is) and, when
     * the profile does not require TLS binding, the live TLS check: such a profile accepts plain-mode reports,
     * which bind no TLS key at all, and a relay can always ask for one; so a missing or unbound live key proves
     * no less than what the profile already accepts, and is reported as a warning.
     */
    private static List<Check> facts(Profile profile, List<Check> facts) {
        Set<String> optional = Set.of(0, 1, 2).stream().filter(i -> !profile.eventLog().replay().contains(i))
                .map(RtmrReplay::checkName).collect(Collectors.toCollection(HashSet::new));
        if (!profile.requireTlsBinding()) {
            optional.add(LIVE_TLS_FACT);
        }
        return facts.stream().map(f -> optional.contains(f.name()) ? f.warnedIfFailed() : f).toList();
    }

    private static void requireFacts(List<String> names, List<Check> facts, List<Check> checks) {
        for (String name : names) {
            if (facts.stream().noneMatch(f -> f.name().equals(name))) {
                checks.add(Check.fail(name, PolicyFailure.FACT_MISSING, "the policy requires this check and it was not run"));
            }
        }
    }

    private static Check reportDataLayout(Profile profile, boolean tlsBound) {
        if (tlsBound) {
            return Check.pass(REPORT_DATA_LAYOUT, "near-v1, TLS mode (signing key and TLS fingerprint bound)");
        }
        return profile.requireTlsBinding()
                ? Check.fail(REPORT_DATA_LAYOUT, PolicyFailure.TLS_BINDING_REQUIRED, "near-v1, plain mode")
                : Check.pass(REPORT_DATA_LAYOUT, "near-v1, plain mode accepted by policy");
    }

    /** A model whose GPUs the policy requires passes only on a complete, verified GPU result: never by omission. */
    private static void gpu(Profile profile, Optional<GpuFacts> gpu, List<Check> checks) {
        if (gpu.isEmpty()) {
            checks.add(profile.gpuRequired() ? Check.fail(GPU, PolicyFailure.GPU_NOT_VERIFIED, "no GPU verification result")
                    : Check.notPinned(GPU, "GPU evidence not verified; not required by policy"));
            return;
        }
        List<Check> own = new ArrayList<>(gpu.get().checks());
        own.add(GpuRules.count(profile.gpu(), gpu.get().count()));
        own.add(GpuRules.architecture(profile.gpu(), gpu.get().architecture()));
        GpuRules.complete(gpu.get()).ifPresent(own::add);
        own.forEach(c -> checks.add(profile.gpuRequired() ? c : c.warnedIfFailed()));
    }

    /** A rule's result under its mode: in warn mode a failure is reported but acceptable. */
    static Check apply(PolicyMode mode, Check check) {
        return mode == PolicyMode.WARN ? check.warnedIfFailed() : check;
    }
}
