package dev.verifiedproxy.transport;

/** Gives tests outside this package the transport's test-only verifier. */
public final class TransportTestSupport {

    private TransportTestSupport() {
    }

    /** See {@link BindingOnlyAttestor}: binding checks only, for tests of forwarding mechanics. */
    public static BackendAttestor bindingOnlyAttestor() {
        return new BindingOnlyAttestor();
    }
}
