package dev.verifiedproxy.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One place configuration values come from. {@link ProxyConfig#load} consults sources highest
 * priority first: system properties, environment variables, servlet context parameters; then the
 * key's default.
 *
 * @param kind   what kind of source this is; decides how a key is named in it
 * @param values the raw name/value pairs of the source
 */
public record ConfigSource(Kind kind, Map<String, String> values) {

    public enum Kind {
        SYSTEM_PROPERTY("system property", "verifiedproxy."),
        ENVIRONMENT("environment variable", "VERIFIEDPROXY_"),
        CONTEXT_PARAMETER("servlet context parameter", "verifiedproxy.");

        private final String description;
        private final String prefix;

        Kind(String description, String prefix) {
            this.description = description;
            this.prefix = prefix;
        }

        public String description() {
            return description;
        }
    }

    public ConfigSource {
        values = Map.copyOf(values);
    }

    public static ConfigSource systemProperties(Map<String, String> properties) {
        return new ConfigSource(Kind.SYSTEM_PROPERTY, properties);
    }

    public static ConfigSource environment(Map<String, String> environment) {
        return new ConfigSource(Kind.ENVIRONMENT, environment);
    }

    public static ConfigSource contextParameters(Map<String, String> parameters) {
        return new ConfigSource(Kind.CONTEXT_PARAMETER, parameters);
    }

    /** The name a key has in this source. */
    public String nameOf(ConfigKey<?> key) {
        return kind == Kind.ENVIRONMENT ? key.environmentName() : key.name();
    }

    Optional<String> lookup(ConfigKey<?> key) {
        return Optional.ofNullable(values.get(nameOf(key)));
    }

    /** Every name in this source that claims to be one of ours, so that misspelt keys can be reported. */
    Set<String> claimedNames() {
        return values.keySet().stream().filter(n -> n.startsWith(kind.prefix)).collect(Collectors.toSet());
    }
}
