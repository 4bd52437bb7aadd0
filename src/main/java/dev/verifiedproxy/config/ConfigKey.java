package dev.verifiedproxy.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration setting: its name, how a text value becomes a typed value, its default and
 * whether it is a secret. The same key is looked up as a system property ({@link #name()}), an
 * environment variable ({@link #environmentName()}) and a servlet context parameter ({@link #name()}).
 *
 * @param <T> the type of the validated value
 */
public final class ConfigKey<T> {

    private final String name;
    private final String description;
    private final String defaultValue;
    private final ValueParser<T> parser;
    private final boolean secret;

    private ConfigKey(String name, String description, String defaultValue, ValueParser<T> parser, boolean secret) {
        if (!name.matches("verifiedproxy(\\.[a-z][a-z0-9-]*)+")) {
            throw new IllegalArgumentException("config key names are dotted lower-case words: " + name);
        }
        this.name = name;
        this.description = Objects.requireNonNull(description);
        this.defaultValue = defaultValue;
        this.parser = Objects.requireNonNull(parser);
        this.secret = secret;
    }

    /** A key with a default value: it always has a value. */
    public static <T> ConfigKey<T> of(String name, String defaultValue, ValueParser<T> parser, String description) {
        return new ConfigKey<>(name, description, Objects.requireNonNull(defaultValue), parser, false);
    }

    /** A key without a default: absent unless configured. */
    public static <T> ConfigKey<T> optional(String name, ValueParser<T> parser, String description) {
        return new ConfigKey<>(name, description, null, parser, false);
    }

    /** A secret key without a default: its value never appears in logs or error messages. */
    public static <T> ConfigKey<T> secret(String name, ValueParser<T> parser, String description) {
        return new ConfigKey<>(name, description, null, parser, true);
    }

    public String name() {
        return name;
    }

    /** {@code verifiedproxy.pool.max-per-domain} is read from {@code VERIFIEDPROXY_POOL_MAX_PER_DOMAIN}. */
    public String environmentName() {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String description() {
        return description;
    }

    /** The default as text, or {@code null} when the key has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public boolean isSecret() {
        return secret;
    }

    T parse(String raw) {
        return parser.parse(raw.strip());
    }

    @Override
    public String toString() {
        return name;
    }
}
