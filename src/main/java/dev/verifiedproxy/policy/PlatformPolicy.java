package dev.verifiedproxy.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code platform}: the Intel side. Debug TDs are always refused (not configurable).
 *
 * @param tcbStatus         acceptable TCB statuses and advisories
 * @param mrSeam            accepted TDX modules; empty = not pinned
 * @param exactTdAttributes TD_ATTRIBUTES must equal this (16 hex); empty = only the debug bit is checked
 * @param mustBeZero        fields that must be all zero
 */
public record PlatformPolicy(TcbStatusRule tcbStatus, Optional<AllowList> mrSeam, Optional<String> exactTdAttributes,
                             Set<ZeroField> mustBeZero) {

    public PlatformPolicy {
        Objects.requireNonNull(tcbStatus, "tcbStatus");
        Objects.requireNonNull(mrSeam, "mrSeam");
        Objects.requireNonNull(exactTdAttributes, "exactTdAttributes");
        mustBeZero = Set.copyOf(mustBeZero);
    }
}
