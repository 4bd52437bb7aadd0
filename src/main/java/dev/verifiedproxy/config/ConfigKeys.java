package dev.verifiedproxy.config;

import java.util.List;

/**
 * Every setting verified-proxy reads. README.md (Configuration) documents each of them; a unit
 * test keeps the two in step.
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    /** Upper bound for JSON request bodies of the /verify endpoints (evidence bundles are the largest). */
    public static final ConfigKey<Long> VERIFY_MAX_BODY = ConfigKey.of("verifiedproxy.verify.max-body-bytes", "8MiB",
            ValueParser.byteSize(1024, 256L * 1024 * 1024),
            "Largest JSON body accepted by the /verify endpoints; larger bodies get 413.");

    /** Every key, in the order README.md lists them. */
    public static final List<ConfigKey<?>> ALL = List.of(
            VERIFY_MAX_BODY);

    /** Checks that involve more than one key. */
    public static final List<ProxyConfig.ConfigRule> RULES = List.of();
}
