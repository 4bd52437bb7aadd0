package dev.verifiedproxy.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration of one verified-proxy deployment: read once at start-up, validated as
 * a whole, immutable afterwards. A value comes from the first source that has it (system
 * property, environment variable, servlet context parameter) or else from the key's default.
 */
public final class ProxyConfig {

    private static final String DEFAULT_ORIGIN = "default";

    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, String> origins;

    private ProxyConfig(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /** Loads every key of {@link ConfigKeys#ALL} and checks the {@link ConfigKeys#RULES}. */
    public static ProxyConfig load(List<ConfigSource> sources) {
        return load(ConfigKeys.ALL, ConfigKeys.RULES, sources);
    }

    /**
     * Reads and validates the given keys. All problems are collected so that one failed start
     * names every bad setting, not just the first.
     *
     * @throws ConfigException naming each key whose value is invalid, each unknown key and each broken rule
     */
    public static ProxyConfig load(List<ConfigKey<?>> keys, List<ConfigRule> rules, List<ConfigSource> sources) {
        List<String> problems = new ArrayList<>();
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        Map<ConfigKey<?>, String> origins = new HashMap<>();
        for (ConfigKey<?> key : keys) {
            resolve(key, sources, values, origins, problems);
        }
        for (ConfigSource source : sources) {
            Set<String> known = new HashSet<>();
            keys.forEach(k -> known.add(source.nameOf(k)));
            source.claimedNames().stream().filter(n -> !known.contains(n)).sorted().forEach(n ->
                    problems.add(source.kind().description() + " " + n + " is not a verified-proxy setting"
                            + " (see README.md, Configuration)"));
        }
        ProxyConfig config = new ProxyConfig(values, origins);
        if (problems.isEmpty()) {
            for (ConfigRule rule : rules) {
                rule.check(config).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static void resolve(ConfigKey<?> key, List<ConfigSource> sources, Map<ConfigKey<?>, Object> values,
                                Map<ConfigKey<?>, String> origins, List<String> problems) {
        for (ConfigSource source : sources) {
            Optional<String> raw = source.lookup(key);
            if (raw.isPresent()) {
                String where = source.kind().description() + " " + source.nameOf(key);
                try {
                    values.put(key, key.parse(raw.get()));
                    origins.put(key, where);
                } catch (IllegalArgumentException e) {
                    String shown = key.isSecret() ? "" : " = '" + raw.get() + "'";
                    problems.add(where + shown + ": " + e.getMessage());
                }
                return;
            }
        }
        if (key.defaultValue() != null) {
            try {
                values.put(key, key.parse(key.defaultValue()));
                origins.put(key, DEFAULT_ORIGIN);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("default of " + key + " is invalid: " + e.getMessage(), e);
            }
        }
    }

    /** The value of a key that has a default or is required to be set. */
    public <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new NoSuchElementException(key + " is not set"));
    }

    /** The value of an optional key, if configured. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(ConfigKey<T> key) {
        return Optional.ofNullable((T) values.get(key));
    }

    /** Where the value of a key came from: "default", or e.g. "environment variable VERIFIEDPROXY_PORT". */
    public String originOf(ConfigKey<?> key) {
        return origins.getOrDefault(key, "not set");
    }

    /** One line per configured key, secrets masked: safe to log. */
    public List<String> describe() {
        Map<String, String> lines = new LinkedHashMap<>();
        values.keySet().stream().sorted(Comparator.comparing(ConfigKey::name)).forEach(key -> {
            String shown = key.isSecret() ? "(secret, set)" : String.valueOf(values.get(key));
            lines.put(key.name(), key.name() + " = " + shown + " [" + originOf(key) + "]");
        });
        return List.copyOf(lines.values());
    }

    /** A check across several keys; returns a problem description when the rule is broken. */
    @FunctionalInterface
    public interface ConfigRule {
        Optional<String> check(ProxyConfig config);
    }
}
