package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays an event log into RTMR0..3 (measurements.md §1.3): per register, start from 48 zero
 * bytes and extend {@code R := SHA-384(R ‖ digest)} for each of its entries in log order. Runtime
 * events are extended with the digest recomputed from their name and payload (§1.5), never the
 * supplied one; a supplied digest that differs is reported as a failure of its own.
 */
public final class RtmrReplay {

    /** Check name of the supplied-versus-recomputed runtime digest comparison. */
    public static final String RUNTIME_DIGESTS = "runtime_event_digests";

    private RtmrReplay() {
    }

    /** Check name of the replay comparison for one register: {@code rtmr0_replay} .. {@code rtmr3_replay}. */
    public static String checkName(int register) {
        return "rtmr" + register + "_replay";
    }

    /**
     * A runtime event whose supplied digest is not the recomputed one.
     *
     * @param index    position in the log
     * @param event    event name
     * @param supplied digest in the log
     * @param computed digest recomputed per §1.5
     */
    public record DigestMismatch(int index, String event, String supplied, String computed) {
    }

    /**
     * The replayed registers.
     *
     * @param rtmrs            RTMR0..3 as lowercase hex
     * @param digestMismatches runtime events with a wrong non-empty supplied digest
     */
    public record Replayed(List<String> rtmrs, List<DigestMismatch> digestMismatches) {
        public Replayed {
            rtmrs = List.copyOf(rtmrs);
            digestMismatches = List.copyOf(digestMismatches);
        }
    }

    /**
     * dstack v1 digest of a runtime event: SHA-384 of the event type as 4 little-endian bytes,
     * a colon, the UTF-8 name, a colon and the raw payload (no lengths, no terminator).
     */
    public static byte[] runtimeEventDigest(String name, byte[] payload) {
        long type = EventLogEntry.DSTACK_RUNTIME_EVENT;
        byte[] typeLe = {(byte) type, (byte) (type >>> 8), (byte) (type >>> 16), (byte) (type >>> 24)};
        byte[] colon = {':'};
        return Sha.sha384(typeLe, colon, name.getBytes(StandardCharsets.UTF_8), colon, payload);
    }

    /** The digest an entry contributes to its register. */
    public static byte[] extendedDigest(EventLogEntry entry) {
        return entry.isRuntimeEvent()
                ? runtimeEventDigest(entry.event(), bytes(entry.payload()))
                : bytes(entry.digest());
    }

    public static Replayed replay(EventLog log) {
        byte[][] registers = new byte[4][TdMeasurements.REGISTER_BYTES];
        List<DigestMismatch> mismatches = new ArrayList<>();
        List<EventLogEntry> entries = log.entries();
        for (int i = 0; i < entries.size(); i++) {
            EventLogEntry entry = entries.get(i);
            byte[] digest = extendedDigest(entry);
            if (entry.isRuntimeEvent() && !entry.digest().isEmpty()
                    && !java.security.MessageDigest.isEqual(digest, bytes(entry.digest()))) {
                mismatches.add(new DigestMismatch(i, entry.event(), entry.digest(), Hex.encode(digest)));
            }
            registers[entry.imr()] = Sha.sha384(registers[entry.imr()], digest);
        }
        List<String> hex = new ArrayList<>(4);
        for (byte[] register : registers) {
            hex.add(Hex.encode(register));
        }
        return new Replayed(hex, mismatches);
    }

    /**
     * Replays {@code log} and compares each register with the quote: checks {@code rtmr0_replay}
     * .. {@code rtmr3_replay} and {@link #RUNTIME_DIGESTS}. Which registers must match is the
     * policy's decision (RTMR3 always).
     */
    public static List<Check> check(EventLog log, TdMeasurements quote) {
        Replayed replayed = replay(log);
        List<Check> checks = new ArrayList<>(5);
        for (int i = 0; i < 4; i++) {
            String observed = replayed.rtmrs().get(i);
            int entries = log.forRegister(i).size();
            checks.add(Hex.sameBytes(observed, quote.rtmr(i))
                    ? Check.pass(checkName(i), entries + " entries replay to the quote's RTMR" + i + " " + observed)
                    : Check.fail(checkName(i), ReplayFailure.RTMR_MISMATCH, entries + " entries replay to " + observed
                    + ", quote has " + quote.rtmr(i)));
        }
        Optional<DigestMismatch> first = replayed.digestMismatches().stream().findFirst();
        long runtime = log.entries().stream().filter(EventLogEntry::isRuntimeEvent).count();
        checks.add(first.map(m -> Check.fail(RUNTIME_DIGESTS, ReplayFailure.RUNTIME_DIGEST_MISMATCH,
                        replayed.digestMismatches().size() + " mismatch(es); first: entry " + m.index() + " '" + m.event()
                                + "' supplies " + m.supplied() + ", recomputed " + m.computed()))
                .orElseGet(() -> Check.pass(RUNTIME_DIGESTS, runtime
                        + " runtime event digests recomputed; every supplied digest agrees")));
        return checks;
    }

    private static byte[] bytes(String hex) {
        return Hex.decode(hex).orElseThrow(() -> new IllegalStateException("entries hold validated hex"));
    }
}
