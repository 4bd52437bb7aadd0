package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.NearReport;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One verification's result: the verdict, and the evidence that re-verifies to it offline.
 *
 * @param verdict         every component with every check, the policy digest and the instant
 * @param evidence        the report as received, the nonce, the instant, the live SPKI, the collateral and NRAS
 *                        answers the verdict rests on
 * @param report          the parsed report; empty when it could not be read
 * @param validUntil      the verdict must not be relied on after this: the earliest of every quote's collateral
 *                        validity, every NRAS token's expiry and the policy's {@code verifiedSpkiCacheSeconds};
 *                        empty for a verdict that is not verified
 * @param tcbStatus       TCB status of the CVM that served the connection (the gateway for the gateway shape),
 *                        when its quote verified
 * @param observedPolicy  observe mode only: the observed values as a complete policy file (also logged)
 */
public record Verification(Verdict verdict, EvidenceBundle evidence, Optional<NearReport> report,
                           Optional<Instant> validUntil, Optional<TcbStatus> tcbStatus, Optional<JsonObject> observedPolicy) {

    public Verification {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(tcbStatus, "tcbStatus");
        Objects.requireNonNull(observedPolicy, "observedPolicy");
    }
}
