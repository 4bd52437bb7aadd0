package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.verdict.Check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ties the exact {@code app_compose} text to the quote (measurements.md §1.6 items 1-3): its
 * SHA-256 (over the UTF-8 bytes, never a re-serialisation) must equal the compose-hash event, the
 * reported {@code compose_hash} fields, and the compose-hash part of MR_CONFIG_ID (v1 layout).
 */
public final class ComposeBinding {

    public static final String EVENT = "compose_hash_event";
    public static final String CLAIMS = "compose_hash_claims";
    public static final String MR_CONFIG_ID = "mr_config_id";

    private static final int MR_CONFIG_ID_V1 = 1;

    private ComposeBinding() {
    }

    /** SHA-256 of the exact bytes, lowercase hex. */
    public static String composeHash(byte[] appCompose) {
        return Hex.encode(Sha.sha256(appCompose));
    }

    /** All three checks for a reported {@code info} (the text is UTF-8 encoded exactly as received). */
    public static List<Check> check(DstackInfo info, RuntimeEvents events, TdMeasurements td) {
        Optional<String> appCompose = info.appCompose();
        if (appCompose.isEmpty()) {
            return List.of(Check.fail(EVENT, ComposeFailure.APP_COMPOSE_MISSING, "info.tcb_info.app_compose absent"),
                    Check.fail(CLAIMS, ComposeFailure.APP_COMPOSE_MISSING, "info.tcb_info.app_compose absent"),
                    Check.fail(MR_CONFIG_ID, ComposeFailure.APP_COMPOSE_MISSING, "info.tcb_info.app_compose absent"));
        }
        String hash = composeHash(appCompose.get().getBytes(StandardCharsets.UTF_8));
        List<Check> checks = new ArrayList<>(3);
        checks.add(event(hash, events));
        checks.add(claims(hash, info.tcbInfo().flatMap(TcbInfo::composeHash), info.composeHash()));
        checks.add(mrConfigId(hash, td));
        return checks;
    }

    /** Item 1: the compose-hash boot event (meaningful once RTMR3 replayed) equals the hash. */
    public static Check event(String composeHash, RuntimeEvents events) {
        Optional<String> event = events.bootPayload(RuntimeEvents.COMPOSE_HASH);
        if (event.isEmpty()) {
            return Check.fail(EVENT, ComposeFailure.COMPOSE_EVENT_MISSING, "SHA-256(app_compose) = " + composeHash);
        }
        return Hex.sameBytes(composeHash, event.get())
                ? Check.pass(EVENT, "SHA-256(app_compose) = compose-hash event = " + composeHash)
                : Check.fail(EVENT, ComposeFailure.COMPOSE_EVENT_MISMATCH, "SHA-256(app_compose) = " + composeHash
                + ", compose-hash event = " + event.get());
    }

    /** Item 2: {@code tcb_info.compose_hash} and {@code info.compose_hash} equal the hash (claims, checked so lies show). */
    public static Check claims(String composeHash, Optional<String> tcbInfoComposeHash, Optional<String> infoComposeHash) {
        if (tcbInfoComposeHash.isEmpty() || infoComposeHash.isEmpty()) {
            return Check.fail(CLAIMS, ComposeFailure.CLAIM_MISSING, "tcb_info.compose_hash "
                    + tcbInfoComposeHash.orElse("absent") + ", info.compose_hash " + infoComposeHash.orElse("absent"));
        }
        if (!Hex.sameBytes(composeHash, tcbInfoComposeHash.get()) || !Hex.sameBytes(composeHash, infoComposeHash.get())) {
            return Check.fail(CLAIMS, ComposeFailure.CLAIM_MISMATCH, "SHA-256(app_compose) = " + composeHash
                    + ", tcb_info.compose_hash = " + tcbInfoComposeHash.get() + ", info.compose_hash = " + infoComposeHash.get());
        }
        return Check.pass(CLAIMS, "tcb_info.compose_hash = info.compose_hash = " + composeHash);
    }

    /** Item 3: MR_CONFIG_ID is exactly {@code 01 ‖ hash ‖ 15 zero bytes}, compared over all 48 bytes. */
    public static Check mrConfigId(String composeHash, TdMeasurements td) {
        String observed = td.mrConfigId();
        if (Hex.isZero(observed)) {
            return Check.fail(MR_CONFIG_ID, ComposeFailure.MR_CONFIG_ID_ZERO, "MR_CONFIG_ID = " + observed);
        }
        int version = Integer.parseInt(observed.substring(0, 2), 16);
        if (version != MR_CONFIG_ID_V1) {
            return Check.fail(MR_CONFIG_ID, ComposeFailure.MR_CONFIG_ID_UNSUPPORTED_VERSION, "version byte "
                    + version + ", MR_CONFIG_ID = " + observed);
        }
        String expected = "01" + composeHash + "00".repeat(15);
        return Hex.sameBytes(expected, observed)
                ? Check.pass(MR_CONFIG_ID, "MR_CONFIG_ID = 01 ‖ " + composeHash + " ‖ 15 zero bytes")
                : Check.fail(MR_CONFIG_ID, ComposeFailure.MR_CONFIG_ID_MISMATCH, "expected " + expected
                        + ", quote has " + observed);
    }
}
