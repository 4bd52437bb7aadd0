package dev.verifiedproxy.verdict;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * One verified TEE component of a verdict (the gateway CVM, a model CVM, or the compose-manager
 * inside a model CVM) with every check run on it.
 *
 * @param role           gateway, model or composeManager
 * @param signingAddress the address its report binds, as reported; empty for the compose-manager
 * @param checks         in evaluation order
 */
public record Component(Role role, Optional<String> signingAddress, List<Check> checks) {

    public Component {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(signingAddress, "signingAddress");
        checks = List.copyOf(checks);
    }

    /** A component passes when it has at least one check and every check is acceptable. */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    public Optional<Check> find(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public JsonObject toJson() {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        checks.forEach(c -> list.add(c.toJson()));
        JsonObjectBuilder json = JSON.createObjectBuilder().add("role", role.json());
        signingAddress.ifPresentOrElse(a -> json.add("signingAddress", a), () -> json.addNull("signingAddress"));
        return json.add("checks", list).build();
    }
}
