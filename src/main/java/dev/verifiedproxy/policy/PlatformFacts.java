package dev.verifiedproxy.policy;

import dev.verifiedproxy.collateral.TcbStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What DCAP verification established about the platform, for {@code platform.tcbStatus}.
 *
 * @param status          the merged TCB status
 * @param advisoryIds     Intel advisories that apply
 * @param outOfDateSince  when the platform's TCB level stopped being current (the tcbDate of the newer level it
 *                        fails), if the DCAP step can tell; needed only for a grace period
 */
public record PlatformFacts(TcbStatus status, List<String> advisoryIds, Optional<Instant> outOfDateSince) {

    public PlatformFacts {
        Objects.requireNonNull(status, "status");
        advisoryIds = List.copyOf(advisoryIds);
        Objects.requireNonNull(outOfDateSince, "outOfDateSince");
    }
}
