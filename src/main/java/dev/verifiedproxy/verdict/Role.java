package dev.verifiedproxy.verdict;

/** What a verified component is, as named in verdicts and in the policy's profile match. */
public enum Role {
    GATEWAY("gateway"),
    MODEL("model"),
    COMPOSE_MANAGER("composeManager");

    private final String json;

    Role(String json) {
        this.json = json;
    }

    /** The name used in JSON (verdicts, policy files). */
    public String json() {
        return json;
    }
}
