package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The equalities between dstack's claimed {@code info} and what the quote and the replayed RTMR3
 * events bind (measurements.md §1.6 items 4-7). The claims are never used as evidence; these
 * checks only make a lying or stale {@code info} visible. Only quote values count.
 */
public final class InfoEqualities {

    public static final String APP_ID = "info_app_id";
    public static final String INSTANCE_ID = "info_instance_id";
    public static final String OS_IMAGE_HASH = "info_os_image_hash";
    public static final String KEY_PROVIDER = "info_key_provider";
    public static final String DEVICE_ID = "info_device_id";
    public static final String MR_AGGREGATED = "info_mr_aggregated";
    public static final String TCB_REGISTERS = "info_tcb_registers";
    public static final String EVENT_LOG_COPY = "info_event_log_copy";

    private InfoEqualities() {
    }

    /**
     * All equalities.
     *
     * @param info   the reported info
     * @param log    the event log that was replayed against the quote
     * @param events its decoded runtime events
     * @param td     the quote's values
     */
    public static List<Check> check(DstackInfo info, EventLog log, RuntimeEvents events, TdMeasurements td) {
        Optional<TcbInfo> tcb = info.tcbInfo();
        List<Check> checks = new ArrayList<>(8);
        checks.add(hexEquals(APP_ID, "info.app_id", info.appId(), "app-id event", events.bootPayload(RuntimeEvents.APP_ID)));
        checks.add(hexEquals(INSTANCE_ID, "info.instance_id", info.instanceId(), "instance-id event",
                events.bootPayload(RuntimeEvents.INSTANCE_ID)));
        checks.add(osImageHash(info, events));
        checks.add(keyProvider(info, events));
        String deviceId = DstackDerivations.deviceId(td);
        checks.add(allEqual(DEVICE_ID, "SHA-256(quote header user data)", deviceId,
                List.of(claim("info.device_id", info.deviceId()), claim("tcb_info.device_id", tcb.flatMap(TcbInfo::deviceId)))));
        checks.add(allEqual(MR_AGGREGATED, "mr_aggregated recomputed from the quote", DstackDerivations.mrAggregated(td),
                List.of(claim("info.mr_aggregated", info.mrAggregated()),
                        claim("tcb_info.mr_aggregated", tcb.flatMap(TcbInfo::mrAggregated)))));
        checks.add(tcbRegisters(tcb, td));
        checks.add(eventLogCopy(tcb, log));
        return checks;
    }

    private record Claim(String field, Optional<String> value) {
    }

    private static Claim claim(String field, Optional<String> value) {
        return new Claim(field, value);
    }

    private static Check hexEquals(String name, String field, Optional<String> claimed, String source, Optional<String> bound) {
        if (bound.isEmpty()) {
            return Check.fail(name, InfoFailure.EVENT_MISSING, "no " + source);
        }
        if (claimed.isEmpty()) {
            return Check.fail(name, InfoFailure.CLAIM_MISSING, field + " absent; " + source + " = " + bound.get());
        }
        return Hex.sameBytes(claimed.get(), bound.get())
                ? Check.pass(name, field + " = " + source + " = " + bound.get())
                : Check.fail(name, InfoFailure.CLAIM_MISMATCH, field + " = " + claimed.get() + ", " + source
                        + " = " + bound.get());
    }

    /** The OS image is only bound when the KMS path emitted the event; without it the claims are reported as unbound. */
    private static Check osImageHash(DstackInfo info, RuntimeEvents events) {
        Optional<String> event = events.bootPayload(RuntimeEvents.OS_IMAGE_HASH);
        if (event.isEmpty()) {
            return Check.pass(OS_IMAGE_HASH, "no os-image-hash event (non-KMS key provider); info.os_image_hash "
                    + info.osImageHash().orElse("absent") + " is not bound by the quote");
        }
        return allEqual(OS_IMAGE_HASH, "os-image-hash event", event.get(), List.of(
                claim("info.os_image_hash", info.osImageHash()),
                claim("tcb_info.os_image_hash", info.tcbInfo().flatMap(TcbInfo::osImageHash))));
    }

    /** Compared as bytes: the info field is the exact JSON text the event carries. */
    private static Check keyProvider(DstackInfo info, RuntimeEvents events) {
        Optional<RuntimeEvent> event = events.boot().stream()
                .filter(e -> e.name().equals(RuntimeEvents.KEY_PROVIDER)).findFirst();
        if (event.isEmpty()) {
            return Check.fail(KEY_PROVIDER, InfoFailure.EVENT_MISSING, "no key-provider event");
        }
        if (info.keyProviderInfo().isEmpty()) {
            return Check.fail(KEY_PROVIDER, InfoFailure.CLAIM_MISSING, "info.key_provider_info absent; event = "
                    + event.get().payloadText());
        }
        return MessageDigest.isEqual(info.keyProviderInfo().get().getBytes(StandardCharsets.UTF_8), event.get().payloadBytes())
                ? Check.pass(KEY_PROVIDER, "info.key_provider_info = key-provider event = " + event.get().payloadText())
                : Check.fail(KEY_PROVIDER, InfoFailure.CLAIM_MISMATCH, "info.key_provider_info = " + info.keyProviderInfo().get()
                + ", key-provider event = " + event.get().payloadText());
    }

    /** Every present claim must equal the bound value, and at least one must be present. */
    private static Check allEqual(String name, String source, String bound, List<Claim> claims) {
        List<Claim> present = claims.stream().filter(c -> c.value().isPresent()).toList();
        if (present.isEmpty()) {
            return Check.fail(name, InfoFailure.CLAIM_MISSING, claims.stream().map(Claim::field).reduce((a, b) -> a + ", " + b)
                    .orElse("") + " absent; " + source + " = " + bound);
        }
        for (Claim c : present) {
            if (!Hex.sameBytes(c.value().get(), bound)) {
                return Check.fail(name, InfoFailure.CLAIM_MISMATCH, c.field() + " = " + c.value().get() + ", "
                        + source + " = " + bound);
            }
        }
        return Check.pass(name, String.join(" = ", present.stream().map(Claim::field).toList()) + " = " + source + " = " + bound);
    }

    /** Item 7: tcb_info's registers equal the quote's; only the quote's are ever used. */
    private static Check tcbRegisters(Optional<TcbInfo> tcb, TdMeasurements td) {
        if (tcb.isEmpty()) {
            return Check.fail(TCB_REGISTERS, InfoFailure.CLAIM_MISSING, "info.tcb_info absent");
        }
        List<Claim> claims = Stream.concat(Stream.of(claim("mrtd", tcb.get().mrtd())),
                Stream.of(0, 1, 2, 3).map(i -> claim("rtmr" + i, tcb.get().rtmr(i)))).toList();
        List<String> quote = Stream.concat(Stream.of(td.mrTd()), td.rtmrs().stream()).toList();
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            if (c.value().isEmpty()) {
                return Check.fail(TCB_REGISTERS, InfoFailure.CLAIM_MISSING, "tcb_info." + c.field() + " absent");
            }
            if (!Hex.sameBytes(c.value().get(), quote.get(i))) {
                return Check.fail(TCB_REGISTERS, InfoFailure.CLAIM_MISMATCH, "tcb_info." + c.field() + " = " + c.value().get()
                        + ", quote = " + quote.get(i));
            }
        }
        return Check.pass(TCB_REGISTERS, "tcb_info.mrtd and rtmr0..3 equal the quote");
    }

    /** dstack repeats the log in tcb_info; a copy that differs means one of them is not what was measured. */
    private static Check eventLogCopy(Optional<TcbInfo> tcb, EventLog log) {
        if (tcb.isEmpty() || tcb.get().eventLog().isEmpty()) {
            return Check.pass(EVENT_LOG_COPY, "tcb_info carries no copy of the event log");
        }
        EventLog copy;
        try {
            copy = EventLog.parse(tcb.get().eventLog().get(), "$.info.tcb_info.event_log");
        } catch (MalformedEvidenceException e) {
            return Check.fail(EVENT_LOG_COPY, InfoFailure.EVENT_LOG_COPY_MISMATCH, "the copy is malformed: " + e.getMessage());
        }
        return copy.equals(log)
                ? Check.pass(EVENT_LOG_COPY, "tcb_info.event_log equals event_log (" + log.size() + " entries)")
                : Check.fail(EVENT_LOG_COPY, InfoFailure.EVENT_LOG_COPY_MISMATCH, "copy has " + copy.size()
                + " entries, event_log " + log.size());
    }
}
