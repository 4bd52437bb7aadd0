package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The RTMR3 runtime events of a log, decoded (measurements.md §1.4). Only events before
 * {@code system-ready} are dstack's boot identity; later ones come from applications and never
 * count as identity. Meaningful only once the RTMR3 replay matched the quote.
 *
 * @param events every runtime event in log order
 */
public record RuntimeEvents(List<RuntimeEvent> events) {

    /** Check name of the well-formedness check. */
    public static final String CHECK = "runtime_events";

    public static final String SYSTEM_PREPARING = "system-preparing";
    public static final String APP_ID = "app-id";
    public static final String COMPOSE_HASH = "compose-hash";
    public static final String INSTANCE_ID = "instance-id";
    public static final String BOOT_MR_DONE = "boot-mr-done";
    public static final String MR_KMS = "mr-kms";
    public static final String OS_IMAGE_HASH = "os-image-hash";
    public static final String KEY_PROVIDER = "key-provider";
    public static final String STORAGE_FS = "storage-fs";
    public static final String SYSTEM_READY = "system-ready";
    public static final String INIT_SCRIPT_HASH = "init-script-hash";
    public static final String GPU_POLICY_HASH = "gpu-policy-hash";
    public static final String GPU_ATTESTATION = "gpu-attestation";

    /** dstack's boot events in emission order (dstack-util system_setup; newer events in their documented place). */
    private static final List<String> BOOT_ORDER = List.of(SYSTEM_PREPARING, APP_ID, COMPOSE_HASH, INIT_SCRIPT_HASH,
            GPU_POLICY_HASH, GPU_ATTESTATION, INSTANCE_ID, BOOT_MR_DONE, MR_KMS, OS_IMAGE_HASH, KEY_PROVIDER, STORAGE_FS,
            SYSTEM_READY);
    /** The one boot event dstack may emit more than once (one per init script). */
    private static final Set<String> REPEATABLE = Set.of(INIT_SCRIPT_HASH);
    /** Allowed payload sizes in bytes; absent = free-form (JSON or text, bounded by the parser). */
    private static final Map<String, Set<Integer>> PAYLOAD_SIZES = Map.ofEntries(
            Map.entry(SYSTEM_PREPARING, Set.of(0)), Map.entry(APP_ID, Set.of(20)), Map.entry(COMPOSE_HASH, Set.of(32)),
            Map.entry(INIT_SCRIPT_HASH, Set.of(32)), Map.entry(GPU_POLICY_HASH, Set.of(32)),
            Map.entry(INSTANCE_ID, Set.of(0, 20)), Map.entry(BOOT_MR_DONE, Set.of(0)), Map.entry(MR_KMS, Set.of(32)),
            Map.entry(OS_IMAGE_HASH, Set.of(32)), Map.entry(SYSTEM_READY, Set.of(0)));

    public RuntimeEvents {
        events = List.copyOf(events);
    }

    public static RuntimeEvents decode(EventLog log) {
        List<RuntimeEvent> events = new ArrayList<>();
        boolean ready = false;
        List<EventLogEntry> entries = log.entries();
        for (int i = 0; i < entries.size(); i++) {
            EventLogEntry entry = entries.get(i);
            if (entry.isRuntimeEvent()) {
                events.add(new RuntimeEvent(i, entry.event(), entry.payload(), ready));
                ready |= entry.event().equals(SYSTEM_READY);
            }
        }
        return new RuntimeEvents(events);
    }

    public List<RuntimeEvent> boot() {
        return events.stream().filter(e -> !e.afterSystemReady()).toList();
    }

    public List<RuntimeEvent> afterSystemReady() {
        return events.stream().filter(RuntimeEvent::afterSystemReady).toList();
    }

    public boolean reachedSystemReady() {
        return events.stream().anyMatch(e -> !e.afterSystemReady() && e.name().equals(SYSTEM_READY));
    }

    /** The payload of the first boot event with that name (the identity value dstack decodes). */
    public Optional<String> bootPayload(String name) {
        return boot().stream().filter(e -> e.name().equals(name)).map(RuntimeEvent::payload).findFirst();
    }

    public Optional<KeyProvider> keyProvider() {
        return boot().stream().filter(e -> e.name().equals(KEY_PROVIDER)).findFirst()
                .flatMap(e -> KeyProvider.parse(e.payloadText()));
    }

    /** Names of the boot events in order, e.g. for the policy's {@code eventLog.required}. */
    public List<String> bootNames() {
        return boot().stream().map(RuntimeEvent::name).toList();
    }

    /**
     * Well-formedness (measurements.md §1.6, parser sanity rules): a system-ready marker; before
     * it only known dstack boot events, each at most once (init scripts excepted), in emission
     * order, with the right payload sizes and a parseable key provider; after it, no event that
     * reuses a boot event's name.
     */
    public Check check() {
        if (!reachedSystemReady()) {
            return Check.fail(CHECK, RuntimeEventFailure.NO_SYSTEM_READY, events.size()
                    + " runtime events, none is system-ready");
        }
        Set<String> seen = new HashSet<>();
        int lastRank = -1;
        for (RuntimeEvent event : boot()) {
            int rank = BOOT_ORDER.indexOf(event.name());
            String where = "entry " + event.index() + " '" + event.name() + "'";
            if (rank < 0) {
                return Check.fail(CHECK, RuntimeEventFailure.UNKNOWN_BOOT_EVENT, where);
            }
            if (!seen.add(event.name()) && !REPEATABLE.contains(event.name())) {
                return Check.fail(CHECK, RuntimeEventFailure.DUPLICATE_EVENT, where);
            }
            if (rank < lastRank) {
                return Check.fail(CHECK, RuntimeEventFailure.OUT_OF_ORDER, where + " after '" + BOOT_ORDER.get(lastRank) + "'");
            }
            lastRank = rank;
            Set<Integer> sizes = PAYLOAD_SIZES.get(event.name());
            if (sizes != null && !sizes.contains(event.payloadLength())) {
                return Check.fail(CHECK, RuntimeEventFailure.BAD_PAYLOAD_SIZE, where + " has " + event.payloadLength()
                        + " bytes, expected " + sizes.stream().sorted().map(String::valueOf).collect(Collectors.joining(" or ")));
            }
            if (event.name().equals(KEY_PROVIDER) && KeyProvider.parse(event.payloadText()).isEmpty()) {
                return Check.fail(CHECK, RuntimeEventFailure.BAD_KEY_PROVIDER, where);
            }
        }
        for (RuntimeEvent event : afterSystemReady()) {
            if (BOOT_ORDER.contains(event.name())) {
                return Check.fail(CHECK, RuntimeEventFailure.IDENTITY_EVENT_AFTER_SYSTEM_READY,
                        "entry " + event.index() + " '" + event.name() + "'");
            }
        }
        String after = afterSystemReady().isEmpty() ? "" : "; after system-ready: "
                + afterSystemReady().stream().map(RuntimeEvent::name).collect(Collectors.joining(", "));
        return Check.pass(CHECK, "boot events " + String.join(", ", bootNames()) + after);
    }
}
