package dev.verifiedproxy.policy;

import dev.verifiedproxy.eventlog.KeyProvider;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code app}: what must run in the CVM. The compose binding itself (compose-hash event and
 * MR_CONFIG_ID, layout {@code v1-compose-hash}) is always enforced; these rules decide which
 * composes are acceptable.
 *
 * @param mode                     enforce or warn, for app ids, key providers and compose
 * @param appIds                   accepted dstack app ids; empty = not pinned
 * @param keyProviders             accepted key providers; empty = not pinned
 * @param compose                  compose acceptance; empty = not pinned
 * @param imagesMustBeDigestPinned every image in the compose must be {@code @sha256:}-pinned
 */
public record AppPolicy(PolicyMode mode, Optional<List<String>> appIds, Optional<List<KeyProvider>> keyProviders,
                        Optional<ComposeRule> compose, boolean imagesMustBeDigestPinned) {

    public AppPolicy {
        Objects.requireNonNull(mode, "mode");
        appIds = appIds.map(List::copyOf);
        keyProviders = keyProviders.map(List::copyOf);
        Objects.requireNonNull(compose, "compose");
    }
}
