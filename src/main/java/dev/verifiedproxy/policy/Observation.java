package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.AppCompose;
import dev.verifiedproxy.eventlog.ComposeState;
import dev.verifiedproxy.eventlog.RuntimeEvents;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Role;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the policy decides on for one component, established by the verifiers before the
 * policy runs (facts first, policy second). Absent parts mean "could not be established" and make
 * the rules that need them fail.
 *
 * @param role         gateway, model or composeManager
 * @param host         host of the connection the report came over (selects the profile)
 * @param at           the instant the verification is evaluated at
 * @param platform     DCAP result; empty if the quote did not verify
 * @param td           the quote's values
 * @param events       decoded RTMR3 events of a log that was replayed; empty if the log was unusable
 * @param appCompose   the app compose; empty if absent or unreadable
 * @param composeState compose-manager's deployed state: on the model, present iff a compose-manager
 *                     attestation was reported; on the compose-manager component, its state
 * @param tlsBound     REPORT_DATA binds a TLS fingerprint (TLS mode)
 * @param gpu          GPU verification facts; empty if GPU evidence was not verified at all
 * @param facts        every other check already run: DCAP, binding, replay, events, compose, info, compose-manager
 */
public record Observation(Role role, String host, Instant at, Optional<PlatformFacts> platform, TdMeasurements td,
                          Optional<RuntimeEvents> events, Optional<AppCompose> appCompose, Optional<ComposeState> composeState,
                          boolean tlsBound, Optional<GpuFacts> gpu, List<Check> facts) {

    public Observation {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(td, "td");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(appCompose, "appCompose");
        Objects.requireNonNull(composeState, "composeState");
        Objects.requireNonNull(gpu, "gpu");
        facts = List.copyOf(facts);
    }
}
