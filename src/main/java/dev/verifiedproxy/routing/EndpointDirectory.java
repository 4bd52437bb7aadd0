package dev.verifiedproxy.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One snapshot of NEAR's endpoint registry: which domain serves which model.
 *
 * @param domainByModel model id → backend domain (last entry wins, as NEAR's own clients do)
 * @param fetchedAt     when the registry was read
 * @param ignored       entries dropped because their domain is not allowed, for the log
 */
public record EndpointDirectory(Map<String, String> domainByModel, Instant fetchedAt, List<String> ignored) {

    public EndpointDirectory {
        domainByModel = Map.copyOf(domainByModel);
        ignored = List.copyOf(ignored);
    }

    public Optional<String> domainFor(String model) {
        return Optional.ofNullable(domainByModel.get(model));
    }
}
