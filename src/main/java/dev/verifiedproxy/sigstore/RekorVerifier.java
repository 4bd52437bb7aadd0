package dev.verifiedproxy.sigstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a Rekor v1 log entry offline against a pinned trusted root at an explicit instant
 * (measurements.md §4.2 step 2): the log's promise (signed entry timestamp), the entry's inclusion in the
 * Merkle tree and the log's signed checkpoint of that tree, then the body and its signers. Thread-safe.
 */
public final class RekorVerifier {

    /** Every one of these must have run (and passed) for a verified result. */
    private static final Set<RekorCheckName> REQUIRED = EnumSet.of(RekorCheckName.INTEGRATED_TIME,
            RekorCheckName.LOG_KEY, RekorCheckName.SIGNED_ENTRY_TIMESTAMP, RekorCheckName.INCLUSION_PROOF,
            RekorCheckName.CHECKPOINT_SIGNATURE, RekorCheckName.CHECKPOINT_CONSISTENCY, RekorCheckName.ENTRY_BODY,
            RekorCheckName.SIGNER_CERTIFICATE);

    private final LogChecks log;
    private final SignerChecks signers;

    public RekorVerifier(TrustedRoot root) {
        Objects.requireNonNull(root, "root");
        this.log = new LogChecks(root);
        this.signers = new SignerChecks(root);
    }

    /**
     * @param entry the parsed entry
     * @param at    the evaluation instant; the log key and certificates are judged at the entry's integrated time,
     *              which must not be later than this
     */
    public RekorResult verify(RekorEntry entry, Instant at) {
        List<RekorCheck> checks = new ArrayList<>();
        log.run(entry, at, checks);
        SignerChecks.Outcome outcome = signers.run(entry, checks);
        Set<RekorCheckName> ran = EnumSet.noneOf(RekorCheckName.class);
        checks.forEach(c -> ran.add(c.name()));
        boolean verified = ran.containsAll(REQUIRED) && checks.stream().allMatch(RekorCheck::ok)
                && !outcome.signers().isEmpty()
                && outcome.signers().stream().noneMatch(s -> s instanceof Signer.Untrusted);
        return new RekorResult(verified, checks, entry, outcome.body(), outcome.signers());
    }
}
