package dev.verifiedproxy.eventlog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What compose-manager's action log says is deployed now: the latest {@code compose_up} per file
 * (unless the whole file was later taken down), the latest per (file, service) for actions that
 * name services, and the image of the latest {@code compose_manager_started}. Only meaningful once
 * the log is bound to the quote ({@link ComposeManagerBinding}).
 *
 * @param files               file -> latest compose_up of that file still up
 * @param services            "file#service" -> latest compose_up naming that service, still up
 * @param composeManagerImage image reference of the running compose-manager, if recorded
 */
public record ComposeState(Map<String, Deployment> files, Map<String, Deployment> services,
                           Optional<String> composeManagerImage) {

    /**
     * One deployed compose file version.
     *
     * @param file       path in nearai/cvm-compose-files
     * @param tag        git tag
     * @param commit     git commit
     * @param fileSha256 SHA-256 of the file at that commit
     * @param timestamp  when compose-manager ran it
     */
    public record Deployment(String file, String tag, String commit, String fileSha256, String timestamp) {
    }

    public ComposeState {
        // Insertion order is deployment order; keep it for stable details and observe-mode output.
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        Objects.requireNonNull(composeManagerImage, "composeManagerImage");
    }

    public static ComposeState of(List<ComposeAction> actions) {
        Map<String, Deployment> files = new LinkedHashMap<>();
        Map<String, Deployment> services = new LinkedHashMap<>();
        Optional<String> image = Optional.empty();
        for (ComposeAction a : actions) {
            switch (a.action()) {
                case ComposeAction.COMPOSE_UP -> {
                    String file = a.file().orElseThrow();
                    Deployment d = new Deployment(file, a.tag().orElse(""), a.commit().orElseThrow(),
                            a.fileSha256().orElseThrow(), a.timestamp().orElse(""));
                    files.put(file, d);
                    if (a.services().isEmpty()) {
                        // The whole file was (re)created: every running service of it now runs this version.
                        services.replaceAll((key, old) -> key.startsWith(file + "#") ? d : old);
                    } else {
                        a.services().forEach(s -> services.put(file + "#" + s, d));
                    }
                }
                case ComposeAction.COMPOSE_DOWN -> {
                    String file = a.file().orElseThrow();
                    if (a.services().isEmpty()) {
                        files.remove(file);
                        services.keySet().removeIf(key -> key.startsWith(file + "#"));
                    } else {
                        a.services().forEach(s -> services.remove(file + "#" + s));
                    }
                }
                case ComposeAction.COMPOSE_MANAGER_STARTED -> image = a.image();
                default -> {
                    // restarts and health notes do not change what is deployed
                }
            }
        }
        return new ComposeState(files, services, image);
    }

    /** Every distinct deployment something may still be running from, in first-seen order. */
    public List<Deployment> activeDeployments() {
        LinkedHashSet<Deployment> all = new LinkedHashSet<>(files.values());
        all.addAll(services.values());
        return new ArrayList<>(all);
    }
}
