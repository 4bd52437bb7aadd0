package dev.verifiedproxy.policy;

import dev.verifiedproxy.verdict.Role;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code profiles.<name>.match}: which components a profile applies to.
 *
 * @param role         gateway or model (a compose-manager is judged by its model's profile)
 * @param hosts        exact host names; with {@code hostSuffixes} both empty, any host
 * @param hostSuffixes suffixes starting with a dot, e.g. {@code .completions.near.ai}
 */
public record ProfileMatch(Role role, List<String> hosts, List<String> hostSuffixes) {

    public ProfileMatch {
        Objects.requireNonNull(role, "role");
        hosts = List.copyOf(hosts);
        hostSuffixes = List.copyOf(hostSuffixes);
    }

    /** The host of the connection the report came over (gateway-served model reports: the gateway's host). */
    public boolean matches(Role component, String host) {
        Role judgedAs = component == Role.COMPOSE_MANAGER ? Role.MODEL : component;
        if (judgedAs != role) {
            return false;
        }
        if (hosts.isEmpty() && hostSuffixes.isEmpty()) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return hosts.contains(h) || hostSuffixes.stream().anyMatch(h::endsWith);
    }
}
