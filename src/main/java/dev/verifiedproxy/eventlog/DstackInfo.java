package dev.verifiedproxy.eventlog;

import jakarta.json.JsonObject;

import java.util.Objects;
import java.util.Optional;

/**
 * dstack's {@code Info} object as NEAR reports it in {@code info} (measurements.md §2). Claims only,
 * like {@link TcbInfo}; {@code vm_config} in particular is host-supplied and never trusted.
 *
 * @param appId           claimed app id (20 bytes hex)
 * @param instanceId      claimed instance id
 * @param appCert         dstack RA-TLS certificate chain (PEM)
 * @param tcbInfo         the tcb_info object (sent as an object or as a JSON string)
 * @param appName         display name only
 * @param deviceId        claimed SHA-256 of the quote header's user data
 * @param mrAggregated    claimed aggregate of the measurement registers
 * @param osImageHash     claimed OS image hash
 * @param keyProviderInfo claimed key-provider JSON text
 * @param composeHash     claimed SHA-256 of app_compose
 * @param vmConfig        JSON text of the VM shape, host-supplied
 */
public record DstackInfo(Optional<String> appId, Optional<String> instanceId, Optional<String> appCert,
                         Optional<TcbInfo> tcbInfo, Optional<String> appName, Optional<String> deviceId,
                         Optional<String> mrAggregated, Optional<String> osImageHash, Optional<String> keyProviderInfo,
                         Optional<String> composeHash, Optional<String> vmConfig) {

    private static final int MAX_HEX_CHARS = 130;
    private static final int MAX_TEXT_CHARS = 256 * 1024;

    public DstackInfo {
        Objects.requireNonNull(appId);
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(appCert);
        Objects.requireNonNull(tcbInfo);
        Objects.requireNonNull(appName);
        Objects.requireNonNull(deviceId);
        Objects.requireNonNull(mrAggregated);
        Objects.requireNonNull(osImageHash);
        Objects.requireNonNull(keyProviderInfo);
        Objects.requireNonNull(composeHash);
        Objects.requireNonNull(vmConfig);
    }

    public static DstackInfo fromJson(JsonObject json, String path) {
        return new DstackInfo(
                JsonInput.optionalString(json, "app_id", path, MAX_HEX_CHARS),
                JsonInput.optionalString(json, "instance_id", path, MAX_HEX_CHARS),
                JsonInput.optionalString(json, "app_cert", path, MAX_TEXT_CHARS),
                JsonInput.field(json, "tcb_info").map(v -> TcbInfo.fromJson(JsonInput.objectOrEmbedded(v,
                        path + ".tcb_info", TcbInfo.MAX_APP_COMPOSE_CHARS + EventLog.MAX_JSON_CHARS), path + ".tcb_info")),
                JsonInput.optionalString(json, "app_name", path, MAX_TEXT_CHARS),
                JsonInput.optionalString(json, "device_id", path, MAX_HEX_CHARS),
                JsonInput.optionalString(json, "mr_aggregated", path, MAX_HEX_CHARS),
                JsonInput.optionalString(json, "os_image_hash", path, MAX_HEX_CHARS),
                JsonInput.optionalString(json, "key_provider_info", path, MAX_TEXT_CHARS),
                JsonInput.optionalString(json, "compose_hash", path, MAX_HEX_CHARS),
                JsonInput.field(json, "vm_config").map(v -> v.getValueType() == jakarta.json.JsonValue.ValueType.OBJECT
                        ? v.toString() : JsonInput.text(v, path + ".vm_config", MAX_TEXT_CHARS)));
    }

    /** The exact app-compose text, if reported. */
    public Optional<String> appCompose() {
        return tcbInfo.flatMap(TcbInfo::appCompose);
    }
}
