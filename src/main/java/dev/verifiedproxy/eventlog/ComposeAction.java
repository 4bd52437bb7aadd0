package dev.verifiedproxy.eventlog;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of compose-manager's action log (protocol.md §2.4.5). {@code compose_up} must name
 * the file, commit and file hash it deployed; {@code compose_down} the file; other actions
 * ({@code docker_restart}, {@code compose_manager_started}, ...) are kept as recorded.
 *
 * @param timestamp  RFC 3339 text as sent
 * @param action     e.g. {@code compose_up}
 * @param tag        git tag of nearai/cvm-compose-files
 * @param commit     git commit
 * @param file       compose file path in that repository
 * @param fileSha256 SHA-256 of that file, lowercase hex
 * @param services   services named by the action; empty = the whole file
 * @param container  container acted on
 * @param image      image reference (compose_manager_started)
 */
public record ComposeAction(Optional<String> timestamp, String action, Optional<String> tag, Optional<String> commit,
                            Optional<String> file, Optional<String> fileSha256, List<String> services,
                            Optional<String> container, Optional<String> image) {

    public static final String COMPOSE_UP = "compose_up";
    public static final String COMPOSE_DOWN = "compose_down";
    public static final String COMPOSE_MANAGER_STARTED = "compose_manager_started";

    private static final int MAX_CHARS = 4096;
    private static final int MAX_SERVICES = 256;

    public ComposeAction {
        Objects.requireNonNull(action, "action");
        services = List.copyOf(services);
    }

    public static ComposeAction fromJson(JsonObject json, String path) {
        String action = JsonInput.string(json, "action", path, 64);
        ComposeAction parsed = new ComposeAction(text(json, "timestamp", path), action, text(json, "tag", path),
                text(json, "commit", path), text(json, "file", path), JsonInput.optionalHex(json, "file_sha256", path, 32),
                JsonInput.field(json, "services").map(v -> JsonInput.strings(v, path + ".services", MAX_SERVICES, MAX_CHARS))
                        .orElse(List.of()),
                text(json, "container", path), text(json, "image", path));
        if (action.equals(COMPOSE_UP)) {
            JsonInput.required(json, "file", path);
            JsonInput.required(json, "commit", path);
            JsonInput.required(json, "file_sha256", path);
        } else if (action.equals(COMPOSE_DOWN)) {
            JsonInput.required(json, "file", path);
        }
        return parsed;
    }

    private static Optional<String> text(JsonObject json, String key, String path) {
        return JsonInput.optionalString(json, key, path, MAX_CHARS);
    }
}
