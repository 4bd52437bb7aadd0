package dev.verifiedproxy.verdict;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * The answer of one verification (architecture.md §4):
 * {@code {"verified": bool, "components": [..], "policyDigest": .., "at": <unix seconds>}}.
 * {@code verified} is derived, never set: true only if there is at least one component and every
 * component passes every check the policy requires.
 *
 * @param verified     derived from the components
 * @param components   gateway, model(s), compose-manager(s)
 * @param policyDigest digest of the active policy ({@code sha256:<hex>} of its file bytes)
 * @param at           the instant the verification was evaluated at
 */
public record Verdict(boolean verified, List<Component> components, String policyDigest, Instant at) {

    public Verdict {
        components = List.copyOf(components);
        Objects.requireNonNull(policyDigest, "policyDigest");
        Objects.requireNonNull(at, "at");
        if (verified != allPass(components)) {
            throw new IllegalArgumentException("verified must equal: components present and all passed");
        }
    }

    public static Verdict of(List<Component> components, String policyDigest, Instant at) {
        return new Verdict(allPass(components), components, policyDigest, at);
    }

    private static boolean allPass(List<Component> components) {
        return !components.isEmpty() && components.stream().allMatch(Component::passed);
    }

    public JsonObject toJson() {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        components.forEach(c -> list.add(c.toJson()));
        return JSON.createObjectBuilder()
                .add("verified", verified)
                .add("components", list)
                .add("policyDigest", policyDigest)
                .add("at", at.getEpochSecond())
                .build();
    }
}
