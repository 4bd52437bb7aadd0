package dev.verifiedproxy.policy;

import dev.verifiedproxy.collateral.TcbStatus;

import java.util.Set;

/**
 * {@code platform.tcbStatus}: which DCAP TCB statuses and Intel advisories are acceptable.
 *
 * @param allow              acceptable statuses ({@code Revoked} can never be listed)
 * @param outOfDateGraceDays 0 = an allowed OutOfDate status is accepted indefinitely; n &gt; 0 = only while at
 *                           most n days have passed since the platform fell out of date ({@link PlatformFacts#outOfDateSince()});
 *                           an out-of-date platform whose date is unknown then fails
 * @param allowAdvisoryIds   Intel security advisories that may apply; any other fails
 */
public record TcbStatusRule(Set<TcbStatus> allow, int outOfDateGraceDays, Set<String> allowAdvisoryIds) {

    public TcbStatusRule {
        allow = Set.copyOf(allow);
        allowAdvisoryIds = Set.copyOf(allowAdvisoryIds);
    }
}
