package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.CvmAttestation;
import dev.verifiedproxy.attestation.DirectReport;
import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.GatewayReport;
import dev.verifiedproxy.attestation.ModelBinding;
import dev.verifiedproxy.attestation.NearReport;
import dev.verifiedproxy.attestation.NearReports;
import dev.verifiedproxy.attestation.NrasEvidence;
import dev.verifiedproxy.attestation.ReportDataBinding;
import dev.verifiedproxy.collateral.CollateralException;
import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.CollateralSource;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.StaticCollateralSource;
import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ComposeBinding;
import dev.verifiedproxy.eventlog.ComposeManagerAttestation;
import dev.verifiedproxy.eventlog.ComposeManagerBinding;
import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.FormatFailure;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.InfoEqualities;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.eventlog.RtmrReplay;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.gpu.GpuExpectations;
import dev.verifiedproxy.gpu.GpuResult;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.GpuFacts;
import dev.verifiedproxy.policy.Observation;
import dev.verifiedproxy.policy.ObservedProfile;
import dev.verifiedproxy.policy.PlatformFacts;
import dev.verifiedproxy.policy.PolicyEvaluator;
import dev.verifiedproxy.policy.PolicyObserver;
import dev.verifiedproxy.policy.Profile;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Component;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The full verdict on a NEAR attestation report (measurements.md §6, architecture.md §4), gateway or direct
 * shape. For every CVM of the report: its Intel quote DCAP-verified; the report-data binding of signing key,
 * TLS key and nonce (and, for the CVM that served the connection, the live TLS key); RTMR0-3 replayed from
 * the event log; the runtime events; the compose binding; the {@code info} equalities; for a model, the
 * compose-manager attestation (its own quote DCAP-verified, then bound to the model) and the NVIDIA GPU
 * evidence. When the report was asked for a model, it must attest exactly that model ({@link ModelBinding}): the
 * gateway component then carries a {@code model_attestation} check and each model component a {@code model_name}
 * check. Those facts go to the attestation policy, one {@link Observation} per component, and the
 * policy's checks make the {@link Verdict}. Everything fails closed: a step that cannot run is a failed check.
 *
 * <p>Two modes with the same steps: {@link #verifyLive} takes Intel collateral from a {@link CollateralSource}
 * and asks NRAS now, and records both in the returned {@link EvidenceBundle}; {@link #verifyOffline} takes
 * both from a bundle and uses no network at all. Inputs are explicit (the instant, the nonce, the trust
 * anchors inside the DCAP and GPU verifiers). Thread-safe.
 */
public final class AttestationVerifier {

    /** The DCAP verification of a component's quote. */
    public static final String INTEL_QUOTE = "intel_quote";
    /** The report could be read (only ever failed: a readable report goes on to the real checks). */
    public static final String REPORT_FORMAT = "report_format";
    /**
     * Facts first: a debug TD's quote is verified like any other (its signature, its TCB), and the policy's
     * {@code td_debug} rule, which no policy can switch off, refuses it with its own reason.
     */
    private static final DcapOptions DCAP_OPTIONS = new DcapOptions(true, false);
    private static final System.Logger LOG = System.getLogger(AttestationVerifier.class.getName());

    private final DcapVerifier dcap;
    private final GpuVerifier gpu;
    private final AttestationPolicy policy;
    private final boolean observe;

    /**
     * @param dcap    Intel quote verification with its trust anchor
     * @param gpu     NVIDIA evidence and NRAS token verification with its trust anchors (and, for live use, its
     *                NRAS client)
     * @param policy  the attestation policy every verdict is judged by
     * @param observe observe mode: log each verification's observed values as a policy file
     */
    public AttestationVerifier(DcapVerifier dcap, GpuVerifier gpu, AttestationPolicy policy, boolean observe) {
        this.dcap = Objects.requireNonNull(dcap, "dcap");
        this.gpu = Objects.requireNonNull(gpu, "gpu");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.observe = observe;
    }

    public AttestationPolicy policy() {
        return policy;
    }

    /**
     * Verifies now: collateral from {@code collateral} (normally the PCS cache), GPU evidence appraised by
     * NRAS. The returned evidence holds the collateral and NRAS answers used.
     */
    public Verification verifyLive(VerificationRequest request, CollateralSource collateral) {
        RecordingCollateralSource recorded = new RecordingCollateralSource(collateral);
        Run run = new Run(request, recorded, (index, payload, expectations) ->
                gpu.verify(payload, request.nonce().hex(), expectations, request.at()));
        run.verify();
        List<JsonObject> used = recorded.used().stream().map(CollateralJson::toJson).toList();
        EvidenceBundle evidence = new EvidenceBundle(request.report(), request.nonce(), request.at(),
                request.liveSpkiSha256(), used, run.nrasEvidence(), request.host(), request.model());
        return run.result(evidence);
    }

    /**
     * Re-verifies a bundle with what it holds and nothing else: its collateral (matched to each quote by TEE
     * type, FMSPC and PCK CA), its NRAS answers and key set, its instant. No network.
     *
     * @throws MalformedEvidenceException when a collateral object of the bundle cannot be read
     */
    public Verification verifyOffline(EvidenceBundle bundle) {
        Map<CollateralKey, QuoteCollateral> collateral = new LinkedHashMap<>();
        for (int i = 0; i < bundle.collateral().size(); i++) {
            try {
                QuoteCollateral c = CollateralJson.quoteCollateral(bundle.collateral().get(i));
                collateral.put(CollateralKey.of(c), c);
            } catch (CollateralFormatException | IllegalArgumentException e) {
                throw new MalformedEvidenceException(FormatFailure.WRONG_TYPE, "$.collateral[" + i + "]",
                        "not usable QuoteCollateralV3: " + e.getMessage());
            }
        }
        List<JsonValue> responses = bundle.nras().map(NrasEvidence::responses).orElse(List.of());
        String jwks = bundle.nras().map(n -> n.jwks().toString()).orElse(null);
        VerificationRequest request = new VerificationRequest(bundle.report(), bundle.nonce(), bundle.at(),
                bundle.tlsSpkiSha256(), bundle.host(), bundle.model());
        Run run = new Run(request, new RecordingCollateralSource(new StaticCollateralSource(collateral)),
                (index, payload, expectations) -> {
            JsonValue response = index < responses.size() ? responses.get(index) : JsonValue.NULL;
            return gpu.verifyOffline(payload, request.nonce().hex(),
                    response.getValueType() == JsonValue.ValueType.NULL ? null : response.toString(), jwks, expectations,
                    request.at());
        });
        run.verify();
        return run.result(bundle);
    }

    /** How GPU evidence is appraised: live NRAS, or a stored answer. */
    @FunctionalInterface
    private interface GpuStep {
        GpuResult appraise(int modelIndex, String payload, GpuExpectations expectations);
    }

    /** One verification's state. */
    private final class Run {
        private final VerificationRequest request;
        private final DcapService dcapService;
        private final RecordingCollateralSource collateral;
        private final GpuStep gpuStep;
        private final String host;
        private final List<Component> components = new ArrayList<>();
        private final List<ObservedProfile> observed = new ArrayList<>();
        private final NrasRecord nras = new NrasRecord();
        private final List<Instant> expiries = new ArrayList<>();
        private NearReport report;
        private Optional<DcapResult> terminating = Optional.empty();
        private Optional<JsonObject> observedPolicy = Optional.empty();

        Run(VerificationRequest request, RecordingCollateralSource collateral, GpuStep gpuStep) {
            this.request = request;
            this.collateral = collateral;
            this.dcapService = new DcapService(dcap, collateral);
            this.gpuStep = gpuStep;
            this.host = request.host().orElse("");
        }

        void verify() {
            try {
                report = NearReports.parse(request.report());
            } catch (MalformedEvidenceException e) {
                Role role = request.report().containsKey("gateway_attestation") ? Role.GATEWAY : Role.MODEL;
                components.add(new Component(role, Optional.empty(), List.of(e.toCheck(REPORT_FORMAT))));
                return;
            }
            // The CVM that served the connection (the gateway, else the model) answers for its live TLS key.
            if (report instanceof GatewayReport gateway) {
                List<Check> served = new ArrayList<>(List.of(ReportDataBinding.liveTls(gateway.gateway(),
                        request.liveSpkiSha256())));
                gateway.tlsCertificate().ifPresent(pem -> served.add(ReportDataBinding.tlsCertificate(pem,
                        gateway.gateway().tlsCertFingerprint())));
                // The gateway attests only the model named in the request for its report: it must be there.
                request.model().ifPresent(model -> served.add(ModelBinding.attestationFor(gateway.models(), model)));
                terminating = cvm(Role.GATEWAY, gateway.gateway(), served, -1);
                for (int i = 0; i < gateway.models().size(); i++) {
                    cvm(Role.MODEL, gateway.models().get(i), modelName(gateway.models().get(i)), i);
                }
            } else {
                CvmAttestation model = ((DirectReport) report).model();
                List<Check> served = new ArrayList<>(List.of(ReportDataBinding.liveTls(model, request.liveSpkiSha256())));
                served.addAll(modelName(model));
                terminating = cvm(Role.MODEL, model, served, 0);
            }
            if (observe && !observed.isEmpty()) {
                observedPolicy = Optional.of(PolicyObserver.document(observed));
                LOG.log(System.Logger.Level.INFO, "observe mode: values observed at {0} as a policy file (review before use):\n{1}",
                        host, PolicyObserver.pretty(observedPolicy.get()));
            }
        }

        /** A model attestation's {@code model_name} check, when the report was asked for a model. */
        private List<Check> modelName(CvmAttestation model) {
            return request.model().map(expected -> List.of(ModelBinding.modelName(model, expected))).orElse(List.of());
        }

        /** One CVM (and its compose-manager); returns its DCAP result when its quote could be verified at all. */
        private Optional<DcapResult> cvm(Role role, CvmAttestation a, List<Check> extra, int modelIndex) {
            String address = a.signingKey().address();
            Quoted quoted = quote(a.intelQuote());
            if (quoted.td().isEmpty()) {
                components.add(new Component(role, Optional.of(address), List.of(quoted.check())));
                return Optional.empty();
            }
            TdMeasurements td = quoted.td().get();
            RuntimeEvents events = RuntimeEvents.decode(a.eventLog());
            List<Check> facts = new ArrayList<>();
            facts.add(quoted.check());
            facts.addAll(ReportDataBinding.check(a, td, request.nonce()));
            facts.addAll(extra);
            facts.addAll(RtmrReplay.check(a.eventLog(), td));
            facts.add(events.check());
            facts.addAll(ComposeBinding.check(a.info(), events, td));
            facts.addAll(InfoEqualities.check(a.info(), a.eventLog(), events, td));
            Optional<GpuFacts> gpuFacts = role == Role.MODEL ? a.nvidiaPayload().map(p -> gpu(a, p, modelIndex))
                    : Optional.empty();
            Observation observation = new Observation(role, host, request.at(), quoted.platform(), td, Optional.of(events),
                    appCompose(a), a.composeManager().map(cm -> ComposeState.of(cm.actions())),
                    a.tlsCertFingerprint().isPresent(), gpuFacts, facts);
            components.add(new Component(role, Optional.of(address), PolicyEvaluator.evaluate(policy, observation).checks()));
            Optional<Observation> cmObservation = a.composeManager().flatMap(cm -> composeManager(cm, td));
            safelyObserve(observation, cmObservation);
            return quoted.dcap();
        }

        private Optional<Observation> composeManager(ComposeManagerAttestation cm, TdMeasurements model) {
            Quoted quoted = quote(cm.quote());
            if (quoted.td().isEmpty()) {
                boolean required = policy.profileFor(Role.MODEL, host).map(p -> p.composeManager().required()).orElse(true);
                components.add(new Component(Role.COMPOSE_MANAGER, Optional.empty(),
                        List.of(required ? quoted.check() : quoted.check().warnedIfFailed())));
                return Optional.empty();
            }
            List<Check> facts = new ArrayList<>();
            facts.add(quoted.check());
            facts.addAll(ComposeManagerBinding.check(cm, quoted.td().get(), model, request.nonce().hex()));
            Observation observation = new Observation(Role.COMPOSE_MANAGER, host, request.at(), quoted.platform(),
                    quoted.td().get(), Optional.of(RuntimeEvents.decode(cm.eventLog())), Optional.empty(),
                    Optional.of(ComposeState.of(cm.actions())), false, Optional.empty(), facts);
            components.add(new Component(Role.COMPOSE_MANAGER, Optional.empty(),
                    PolicyEvaluator.evaluate(policy, observation).checks()));
            return Optional.of(observation);
        }

        /** The DCAP step of one quote: its check, its platform facts, its measurements if it parsed as TDX. */
        private Quoted quote(String hex) {
            byte[] bytes = Hex.decode(hex).orElse(new byte[0]);
            DcapResult result = dcapService.verify(bytes, null, request.at(), DCAP_OPTIONS);
            if (result.quote() == null) {
                return new Quoted(Check.fail(INTEL_QUOTE, result.failure(), String.valueOf(result.message())),
                        Optional.empty(), Optional.empty(), Optional.empty());
            }
            Optional<TdMeasurements> td;
            try {
                td = Optional.of(TdMeasurements.of(result.quote()));
            } catch (IllegalArgumentException e) {
                return new Quoted(Check.fail(INTEL_QUOTE, VerifierFailure.QUOTE_UNREADABLE, String.valueOf(e.getMessage())),
                        Optional.empty(), Optional.empty(), Optional.empty());
            }
            if (!result.verified()) {
                return new Quoted(Check.fail(INTEL_QUOTE, result.failure(), String.valueOf(result.message())), td,
                        Optional.empty(), Optional.empty());
            }
            expiries.add(result.collateralValidUntil());
            return new Quoted(Check.pass(INTEL_QUOTE, "DCAP verified: TCB status " + result.status().text()
                    + ", advisories " + result.advisoryIds() + ", FMSPC " + result.pck().fmspc().hex()
                    + ", PCK CA " + result.pck().ca().pcsName() + ", collateral valid until " + result.collateralValidUntil()),
                    td, Optional.of(PlatformFactsOf.of(result, usedCollateral(result))), Optional.of(result));
        }

        /** The collateral DCAP verified this quote with (the source hands out one object per key). */
        private Optional<QuoteCollateral> usedCollateral(DcapResult result) {
            try {
                return collateral.handedOut(DcapService.collateralKey(result.quote()));
            } catch (CollateralException e) {
                return Optional.empty();
            }
        }

        private GpuFacts gpu(CvmAttestation a, String payload, int modelIndex) {
            GpuResult result = gpuStep.appraise(modelIndex, payload, GpuExpectationsOf.report(a.info()));
            nras.record(modelIndex, result);
            GpuTokens.expiry(result).ifPresent(expiries::add);
            return GpuFacts.of(result);
        }

        private Optional<AppCompose> appCompose(CvmAttestation a) {
            try {
                return a.info().appCompose().map(AppCompose::parse);
            } catch (MalformedEvidenceException e) {
                return Optional.empty();
            }
        }

        private void safelyObserve(Observation observation, Optional<Observation> composeManager) {
            if (!observe) {
                return;
            }
            try {
                observed.add(PolicyObserver.observe(observation, composeManager));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "observe mode: the values of a " + observation.role().json()
                        + " at " + host + " cannot be written as a policy: " + e.getMessage());
            }
        }

        Optional<NrasEvidence> nrasEvidence() {
            return nras.evidence();
        }

        Verification result(EvidenceBundle evidence) {
            Verdict verdict = Verdict.of(components, policy.digest(), request.at());
            if (!verdict.verified()) {
                return new Verification(verdict, evidence, Optional.ofNullable(report), Optional.empty(),
                        terminating.map(DcapResult::status), observedPolicy);
            }
            Optional<Instant> validUntil = expiries.stream().min(Instant::compareTo);
            Optional<Instant> freshness = components.stream().map(c -> policy.profileFor(c.role() == Role.COMPOSE_MANAGER
                            ? Role.MODEL : c.role(), host)).flatMap(Optional::stream)
                    .map(Profile::verifiedSpkiCacheSeconds).min(Integer::compare)
                    .map(seconds -> request.at().plusSeconds(seconds));
            if (freshness.isPresent() && (validUntil.isEmpty() || freshness.get().isBefore(validUntil.get()))) {
                validUntil = freshness;
            }
            return new Verification(verdict, evidence, Optional.ofNullable(report), validUntil,
                    terminating.map(DcapResult::status), observedPolicy);
        }
    }

    /** The DCAP step's outcome for one quote. */
    private record Quoted(Check check, Optional<TdMeasurements> td, Optional<PlatformFacts> platform,
                          Optional<DcapResult> dcap) {
    }
}
