package dev.verifiedproxy.testing;

import dev.verifiedproxy.attestation.CvmAttestation;
import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.GatewayReport;
import dev.verifiedproxy.attestation.NearReport;
import dev.verifiedproxy.attestation.NearReports;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.attestation.NrasEvidence;
import dev.verifiedproxy.attestation.ReportDataBinding;
import dev.verifiedproxy.attestation.verifier.AttestationVerifier;
import dev.verifiedproxy.attestation.verifier.GpuExpectationsOf;
import dev.verifiedproxy.attestation.verifier.PlatformFactsOf;
import dev.verifiedproxy.collateral.CollateralException;
import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralKey;
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
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.InfoEqualities;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.eventlog.RtmrReplay;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.gpu.GpuTrust;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.policy.GpuFacts;
import dev.verifiedproxy.policy.Observation;
import dev.verifiedproxy.policy.PlatformFacts;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Role;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of every component of a real capture as policy {@link Observation}s, established the way
 * {@link AttestationVerifier} establishes them: the quote DCAP-verified at the capture instant with Intel's pinned
 * root and the Intel collateral the capture recorded (so its real TCB status, e.g. the April gateway's OutOfDate);
 * the report binding, and for the CVM that served the connection its live TLS key (failing as not recorded in the
 * April captures); replay, runtime events, compose, info, the compose-manager attestation; and a model's GPU
 * evidence verified offline against the captured NRAS answer with NVIDIA's pinned roots. A capture without
 * collateral or NRAS answer gets what the verifier gives it: no platform facts, a failed NRAS exchange.
 *
 * <p>The policy tests need observations, which the verifier does not hand out; RealCaptureVerdictsTest runs the
 * verifier itself on the same captures, and its verdicts agree with these observations under the same policy.
 */
public final class RealComponents {

    /** A real capture and how it was obtained. */
    public record Capture(String name, String report, String host, Nonce nonce, Instant at, Optional<String> liveSpkiSha256) {
    }

    public static final Capture CLOUD_0629 = new Capture("cloud-api 2026-06-29", Captures.CLOUD_0629, "cloud-api.near.ai",
            new Nonce(Captures.nonce(Captures.CLOUD_0629)), Instant.parse("2026-06-29T02:06:57Z"),
            Optional.of(Captures.liveSpkiSha256(Captures.CLOUD_0629)));
    public static final Capture DIRECT_0629 = new Capture("direct 2026-06-29", Captures.DIRECT_0629,
            "qwen35-122b.completions.near.ai",
            new Nonce(Captures.nonce(Captures.DIRECT_0629)), Instant.parse("2026-06-29T02:06:37Z"),
            Optional.of(Captures.liveSpkiSha256(Captures.DIRECT_0629)));
    public static final Capture CLOUD_0424 = new Capture("cloud-api 2026-04-24", Captures.CLOUD_0424, "cloud-api.near.ai",
            new Nonce(Captures.nonce(Captures.CLOUD_0424)), Instant.parse("2026-04-24T02:06:14Z"), Optional.empty());
    public static final Capture DIRECT_0424 = new Capture("direct 2026-04-24", Captures.DIRECT_0424,
            "qwen35-122b.completions.near.ai",
            new Nonce(Captures.nonce(Captures.DIRECT_0424)), Instant.parse("2026-04-24T02:10:37Z"), Optional.empty());
    /** nearai-cloud-verifier's fixture; its capture time is not recorded, only "2026-04". */
    public static final Capture FIXTURE_01 = new Capture("nearai verifier fixture 2026-04", Captures.FIXTURE_01,
            "cloud-api.near.ai",
            new Nonce(Captures.FIXTURE_01_NONCE), Instant.parse("2026-04-15T00:00:00Z"), Optional.empty());

    public static final List<Capture> ALL = List.of(CLOUD_0629, DIRECT_0629, CLOUD_0424, DIRECT_0424, FIXTURE_01);

    private static final DcapVerifier DCAP = DcapVerifier.withIntelRootCa();
    /** As the verifier: a debug TD's quote is verified like any other, and the policy refuses it. */
    private static final DcapOptions DCAP_OPTIONS = new DcapOptions(true, false);
    private static final GpuVerifier GPU = new GpuVerifier(GpuTrust.production());
    private static final Map<String, Evidence> EVIDENCE = new HashMap<>();

    /**
     * One component's observation and, for a model, its compose-manager's.
     *
     * @param attestation    the parsed attestation
     * @param observation    its facts for the policy
     * @param composeManager the compose-manager component's facts, for a model that reported one
     */
    public record Component(CvmAttestation attestation, Observation observation, Optional<Observation> composeManager) {
    }

    /** What a capture recorded besides the report: Intel collateral per key, the NRAS answer. */
    private record Evidence(Map<CollateralKey, QuoteCollateral> collateral, Optional<NrasEvidence> nras) {
    }

    private RealComponents() {
    }

    public static NearReport report(Capture capture) {
        return NearReports.parse(Samples.bytes(capture.report()));
    }

    /** The gateway (gateway shape) and every model. */
    public static List<Component> components(Capture capture) {
        NearReport report = report(capture);
        List<Component> out = new ArrayList<>();
        if (report instanceof GatewayReport g) {
            List<Check> certificate = g.tlsCertificate()
                    .map(pem -> List.of(ReportDataBinding.tlsCertificate(pem, g.gateway().tlsCertFingerprint())))
                    .orElse(List.of());
            out.add(cvm(capture, Role.GATEWAY, g.gateway(), true, certificate));
            g.models().forEach(m -> out.add(cvm(capture, Role.MODEL, m, false, List.of())));
        } else {
            out.add(cvm(capture, Role.MODEL, report.models().get(0), true, List.of()));
        }
        return out;
    }

    /**
     * One CVM of a capture (possibly changed by a test). A model's GPU evidence is appraised with the capture's
     * first NRAS answer: every capture has one model.
     *
     * @param servedTheConnection the CVM that served the capture's TLS connection (the gateway, else the model)
     * @param extraFacts          checks the orchestrator adds for it after the binding ones (tls_certificate)
     */
    public static Component cvm(Capture capture, Role role, CvmAttestation a, boolean servedTheConnection,
                                List<Check> extraFacts) {
        Evidence evidence = evidence(capture);
        TdMeasurements td = Captures.td(a.intelQuote());
        Dcap dcap = dcap(evidence, a.intelQuote(), capture.at());
        RuntimeEvents events = RuntimeEvents.decode(a.eventLog());
        List<Check> facts = new ArrayList<>();
        facts.add(dcap.check());
        facts.addAll(ReportDataBinding.check(a, td, capture.nonce()));
        if (servedTheConnection) {
            facts.add(ReportDataBinding.liveTls(a, capture.liveSpkiSha256()));
        }
        facts.addAll(extraFacts);
        facts.addAll(RtmrReplay.check(a.eventLog(), td));
        facts.add(events.check());
        facts.addAll(ComposeBinding.check(a.info(), events, td));
        facts.addAll(InfoEqualities.check(a.info(), a.eventLog(), events, td));
        Optional<AppCompose> compose = a.info().appCompose().flatMap(text -> {
            try {
                return Optional.of(AppCompose.parse(text));
            } catch (MalformedEvidenceException e) {
                return Optional.empty();
            }
        });
        Optional<ComposeState> state = a.composeManager().map(cm -> ComposeState.of(cm.actions()));
        Optional<GpuFacts> gpu = role == Role.MODEL ? a.nvidiaPayload().map(p -> gpu(evidence, capture, a, p))
                : Optional.empty();
        Observation observation = new Observation(role, capture.host(), capture.at(), dcap.platform(), td,
                Optional.of(events), compose, state, a.tlsCertFingerprint().isPresent(), gpu, facts);
        Optional<Observation> cm = a.composeManager().map(c -> composeManager(capture, c, td));
        return new Component(a, observation, cm);
    }

    public static Observation composeManager(Capture capture, ComposeManagerAttestation cm, TdMeasurements model) {
        TdMeasurements td = Captures.td(cm.quote());
        Dcap dcap = dcap(evidence(capture), cm.quote(), capture.at());
        List<Check> facts = new ArrayList<>();
        facts.add(dcap.check());
        facts.addAll(ComposeManagerBinding.check(cm, td, model, capture.nonce().hex()));
        return new Observation(Role.COMPOSE_MANAGER, capture.host(), capture.at(), dcap.platform(), td,
                Optional.of(RuntimeEvents.decode(cm.eventLog())), Optional.empty(),
                Optional.of(ComposeState.of(cm.actions())), false, Optional.empty(), facts);
    }

    /** The DCAP step's check and platform facts. */
    private record Dcap(Check check, Optional<PlatformFacts> platform) {
    }

    private static Dcap dcap(Evidence evidence, String quoteHex, Instant at) {
        DcapService service = new DcapService(DCAP, new StaticCollateralSource(evidence.collateral()));
        DcapResult result = service.verify(Hex.decode(quoteHex).orElseThrow(), null, at, DCAP_OPTIONS);
        if (!result.verified()) {
            return new Dcap(Check.fail(AttestationVerifier.INTEL_QUOTE, result.failure(), String.valueOf(result.message())),
                    Optional.empty());
        }
        Optional<QuoteCollateral> used;
        try {
            used = Optional.ofNullable(evidence.collateral().get(DcapService.collateralKey(result.quote())));
        } catch (CollateralException e) {
            used = Optional.empty();
        }
        return new Dcap(Check.pass(AttestationVerifier.INTEL_QUOTE, "DCAP verified: TCB status " + result.status().text()),
                Optional.of(PlatformFactsOf.of(result, used)));
    }

    private static GpuFacts gpu(Evidence evidence, Capture capture, CvmAttestation a, String payload) {
        Optional<JsonValue> response = evidence.nras().map(n -> n.responses().isEmpty() ? JsonValue.NULL : n.responses().get(0))
                .filter(v -> v.getValueType() != JsonValue.ValueType.NULL);
        return GpuFacts.of(GPU.verifyOffline(payload, capture.nonce().hex(), response.map(JsonValue::toString).orElse(null),
                evidence.nras().map(n -> n.jwks().toString()).orElse(null), GpuExpectationsOf.report(a.info()),
                capture.at()));
    }

    /** Read once per capture directory (a test may vary the nonce of a capture, not what it recorded). */
    private static synchronized Evidence evidence(Capture capture) {
        return EVIDENCE.computeIfAbsent(CaptureEvidence.directory(capture), d -> {
            EvidenceBundle bundle = CaptureEvidence.bundle(capture);
            Map<CollateralKey, QuoteCollateral> collateral = new LinkedHashMap<>();
            for (JsonObject json : bundle.collateral()) {
                try {
                    QuoteCollateral c = CollateralJson.quoteCollateral(json);
                    collateral.put(CollateralKey.of(c), c);
                } catch (CollateralFormatException e) {
                    throw new IllegalStateException("captured collateral is unusable", e);
                }
            }
            return new Evidence(collateral, bundle.nras());
        });
    }
}
