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
 * @param outOfDateSince  for an OutOfDate status, since when the platform has been out of date: the earliest
 *                        tcbDate of the signed TCB levels (platform, TDX module, QE) the quote does not reach, an
 *                        instant never later than the real one (see {@code attestation.verifier.PlatformFactsOf});
 *                        empty when not out of date or unknown. Only a grace period needs it.
 */
public record PlatformFacts(TcbStatus status, List<String> advisoryIds, Optional<Instant> outOfDateSince) {

    public PlatformFacts {
        Objects.requireNonNull(status, "status");
        advisoryIds = List.copyOf(advisoryIds);
        Objects.requireNonNull(outOfDateSince, "outOfDateSince");
    }
}
