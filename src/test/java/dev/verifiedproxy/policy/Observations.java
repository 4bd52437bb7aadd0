package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.verdict.Check;

import java.util.List;
import java.util.Optional;

/** Real observations (the June direct capture) and single-field changes of them. */
final class Observations {

    private static RealComponents.Component direct;

    private Observations() {
    }

    static synchronized RealComponents.Component direct() {
        if (direct == null) {
            direct = RealComponents.components(RealComponents.DIRECT_0629).get(0);
        }
        return direct;
    }

    static Observation model() {
        return direct().observation();
    }

    static Observation composeManager() {
        return direct().composeManager().orElseThrow();
    }

    static Observation platform(Observation o, Optional<PlatformFacts> platform) {
        return new Observation(o.role(), o.host(), o.at(), platform, o.td(), o.events(), o.appCompose(), o.composeState(), o.tlsBound(),
                o.gpu(), o.facts());
    }

    static Observation td(Observation o, TdMeasurements td) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), td, o.events(), o.appCompose(), o.composeState(), o.tlsBound(),
                o.gpu(), o.facts());
    }

    static Observation events(Observation o, Optional<RuntimeEvents> events) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), o.td(), events, o.appCompose(), o.composeState(), o.tlsBound(),
                o.gpu(), o.facts());
    }

    static Observation compose(Observation o, Optional<AppCompose> compose) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), o.td(), o.events(), compose, o.composeState(), o.tlsBound(),
                o.gpu(), o.facts());
    }

    static Observation state(Observation o, Optional<ComposeState> state) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), o.td(), o.events(), o.appCompose(), state, o.tlsBound(),
                o.gpu(), o.facts());
    }

    static Observation tlsBound(Observation o, boolean tls) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), o.td(), o.events(), o.appCompose(), o.composeState(), tls,
                o.gpu(), o.facts());
    }

    static Observation gpu(Observation o, Optional<List<Check>> gpu) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), o.td(), o.events(), o.appCompose(), o.composeState(), o.tlsBound(),
                gpu, o.facts());
    }

    static Observation facts(Observation o, List<Check> facts) {
        return new Observation(o.role(), o.host(), o.at(), o.platform(), o.td(), o.events(), o.appCompose(), o.composeState(), o.tlsBound(),
                o.gpu(), facts);
    }

    static TdMeasurements tdAttributes(TdMeasurements td, String attributes) {
        return new TdMeasurements(td.teeTcbSvn(), td.mrSeam(), td.mrSignerSeam(), td.seamAttributes(), attributes, td.xfam(), td.mrTd(),
                td.mrConfigId(), td.mrOwner(), td.mrOwnerConfig(), td.rtmr0(), td.rtmr1(), td.rtmr2(), td.rtmr3(), td.reportData(),
                td.headerUserData());
    }

    static TdMeasurements mrOwner(TdMeasurements td, String mrOwner) {
        return new TdMeasurements(td.teeTcbSvn(), td.mrSeam(), td.mrSignerSeam(), td.seamAttributes(), td.tdAttributes(), td.xfam(), td.mrTd(),
                td.mrConfigId(), mrOwner, td.mrOwnerConfig(), td.rtmr0(), td.rtmr1(), td.rtmr2(), td.rtmr3(), td.reportData(),
                td.headerUserData());
    }

    static TdMeasurements rtmr0(TdMeasurements td, String rtmr0) {
        return new TdMeasurements(td.teeTcbSvn(), td.mrSeam(), td.mrSignerSeam(), td.seamAttributes(), td.tdAttributes(), td.xfam(), td.mrTd(),
                td.mrConfigId(), td.mrOwner(), td.mrOwnerConfig(), rtmr0, td.rtmr1(), td.rtmr2(), td.rtmr3(), td.reportData(),
                td.headerUserData());
    }
}
