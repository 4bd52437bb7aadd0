package dev.verifiedproxy.policy;

/** Whether a failed policy rule fails the verdict ({@code enforce}, the default) or is only reported ({@code warn}). */
public enum PolicyMode {
    ENFORCE,
    WARN;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
