package dev.verifiedproxy.transport;

import java.time.Duration;

/** Gives tests outside this package the transport's test-only verifier. */
public final class TransportTestSupport {

    private TransportTestSupport() {
    }

    /** Short timeouts, a one-hour verification, no failure back-off: settings for tests against local backends. */
    public static TransportSettings testSettings() {
        return new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 4L << 20, "ecdsa",
                Duration.ofHours(1), Duration.ZERO, 8, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** See {@link BindingOnlyAttestor}: binding checks only, for tests of forwarding mechanics. */
    public static BackendAttestor bindingOnlyAttestor() {
        return new BindingOnlyAttestor();
    }
}
