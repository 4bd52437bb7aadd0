package dev.verifiedproxy.eventlog;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.util.Objects;
import java.util.Optional;

/**
 * dstack's {@code tcb_info} (measurements.md §2). Everything here is a claim by the guest: it
 * becomes evidence only through equality with the quote (registers), the replayed RTMR3 events
 * (hashes, ids) or, for {@code app_compose}, the compose binding.
 *
 * @param mrtd         claimed MRTD
 * @param rtmr0        claimed RTMR0 (likewise rtmr1..3)
 * @param rtmr1        claimed RTMR1
 * @param rtmr2        claimed RTMR2
 * @param rtmr3        claimed RTMR3
 * @param osImageHash  claimed OS image hash
 * @param composeHash  claimed SHA-256 of app_compose
 * @param deviceId     claimed device id
 * @param mrAggregated claimed aggregate (NEAR puts it in {@code info} instead)
 * @param appCompose   the exact app-compose JSON text, after JSON string unescaping; hashed as is
 * @param eventLog     the copy of the event log dstack puts here, unparsed
 */
public record TcbInfo(Optional<String> mrtd, Optional<String> rtmr0, Optional<String> rtmr1, Optional<String> rtmr2,
                      Optional<String> rtmr3, Optional<String> osImageHash, Optional<String> composeHash,
                      Optional<String> deviceId, Optional<String> mrAggregated, Optional<String> appCompose,
                      Optional<JsonArray> eventLog) {

    /** Longest app_compose accepted (NEAR's model compose is about 20 KB). */
    public static final int MAX_APP_COMPOSE_CHARS = 1024 * 1024;
    private static final int MAX_HEX_CHARS = 130;

    public TcbInfo {
        Objects.requireNonNull(mrtd);
        Objects.requireNonNull(rtmr0);
        Objects.requireNonNull(rtmr1);
        Objects.requireNonNull(rtmr2);
        Objects.requireNonNull(rtmr3);
        Objects.requireNonNull(osImageHash);
        Objects.requireNonNull(composeHash);
        Objects.requireNonNull(deviceId);
        Objects.requireNonNull(mrAggregated);
        Objects.requireNonNull(appCompose);
        Objects.requireNonNull(eventLog);
    }

    public static TcbInfo fromJson(JsonObject json, String path) {
        return new TcbInfo(hex(json, "mrtd", path), hex(json, "rtmr0", path), hex(json, "rtmr1", path),
                hex(json, "rtmr2", path), hex(json, "rtmr3", path), hex(json, "os_image_hash", path),
                hex(json, "compose_hash", path), hex(json, "device_id", path), hex(json, "mr_aggregated", path),
                JsonInput.optionalString(json, "app_compose", path, MAX_APP_COMPOSE_CHARS),
                JsonInput.field(json, "event_log").map(v -> JsonInput.arrayOrEmbedded(v, path + ".event_log",
                        EventLog.MAX_ENTRIES, EventLog.MAX_JSON_CHARS)));
    }

    private static Optional<String> hex(JsonObject json, String key, String path) {
        return JsonInput.optionalString(json, key, path, MAX_HEX_CHARS);
    }

    /** Claimed register {@code i} (0..3). */
    public Optional<String> rtmr(int i) {
        return switch (i) {
            case 0 -> rtmr0;
            case 1 -> rtmr1;
            case 2 -> rtmr2;
            case 3 -> rtmr3;
            default -> throw new IllegalArgumentException("rtmr index " + i);
        };
    }
}
