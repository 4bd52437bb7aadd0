package dev.verifiedproxy.testing;

import dev.verifiedproxy.attestation.CvmAttestation;
import dev.verifiedproxy.attestation.GatewayReport;
import dev.verifiedproxy.attestation.NearReport;
import dev.verifiedproxy.attestation.NearReports;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.attestation.ReportDataBinding;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ComposeBinding;
import dev.verifiedproxy.eventlog.ComposeManagerAttestation;
import dev.verifiedproxy.eventlog.ComposeManagerBinding;
import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.InfoEqualities;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.eventlog.RtmrReplay;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.policy.Observation;
import dev.verifiedproxy.policy.PlatformFacts;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The facts of every component of a real capture, established with this project's public checks
 * the way the orchestrator will (report binding, replay, runtime events, compose, info, compose-
 * manager), as policy {@link Observation}s. Test-only: the real orchestrator also runs DCAP and GPU
 * verification; here the DCAP result is a stated stand-in and GPU evidence is left unverified.
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

    /**
     * Stand-in for the DCAP step's result (branch dcap): teep recorded UpToDate for these platforms.
     * The tcb_status rule itself is tested with every status separately.
     */
    public static final Optional<PlatformFacts> UP_TO_DATE = Optional.of(new PlatformFacts(TcbStatus.UP_TO_DATE, List.of(),
            Optional.empty()));

    /**
     * One component's observation and, for a model, its compose-manager's.
     *
     * @param attestation    the parsed attestation
     * @param observation    its facts for the policy
     * @param composeManager the compose-manager component's facts, for a model that reported one
     */
    public record Component(CvmAttestation attestation, Observation observation, Optional<Observation> composeManager) {
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
            List<Check> extra = g.tlsCertificate()
                    .map(pem -> List.of(ReportDataBinding.tlsCertificate(pem, g.gateway().tlsCertFingerprint())))
                    .orElse(List.of());
            out.add(cvm(capture, Role.GATEWAY, g.gateway(), capture.liveSpkiSha256(), extra));
            g.models().forEach(m -> out.add(cvm(capture, Role.MODEL, m, Optional.empty(), List.of())));
        } else {
            out.add(cvm(capture, Role.MODEL, report.models().get(0), capture.liveSpkiSha256(), List.of()));
        }
        return out;
    }

    public static Component cvm(Capture capture, Role role, CvmAttestation a, Optional<String> liveSpki, List<Check> extraFacts) {
        TdMeasurements td = Captures.td(a.intelQuote());
        RuntimeEvents events = RuntimeEvents.decode(a.eventLog());
        List<Check> facts = new ArrayList<>(ReportDataBinding.check(a, td, capture.nonce(), liveSpki));
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
        Observation observation = new Observation(role, capture.host(), capture.at(), UP_TO_DATE, td,
                Optional.of(events), compose, state,
                a.tlsCertFingerprint().isPresent(), Optional.empty(), facts);
        Optional<Observation> cm = a.composeManager().map(c -> composeManager(capture, c, td));
        return new Component(a, observation, cm);
    }

    public static Observation composeManager(Capture capture, ComposeManagerAttestation cm, TdMeasurements model) {
        TdMeasurements td = Captures.td(cm.quote());
        return new Observation(Role.COMPOSE_MANAGER, capture.host(), capture.at(), UP_TO_DATE, td,
                Optional.of(RuntimeEvents.decode(cm.eventLog())), Optional.empty(),
                        Optional.of(ComposeState.of(cm.actions())), false,
                Optional.empty(), ComposeManagerBinding.check(cm, td, model, capture.nonce().hex()));
    }
}
