package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.verdict.Check;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The facts of one Rekor entry verification: every check that ran, in order, what the entry is about and who
 * signed it. No policy is applied: a verified entry signed by a stranger is still verified; deciding whether
 * its identity is acceptable is the caller's business.
 *
 * @param verified true only if every check ran and passed: the log vouches for the entry (SET, inclusion
 *                 proof, signed checkpoint) and every signer is established (Fulcio identity or bare key)
 * @param checks   the checks that ran, in order
 * @param entry    the entry verified
 * @param body     the decoded body, when it decoded
 * @param signers  one per signature of the body
 */
public record RekorResult(boolean verified, List<RekorCheck> checks, RekorEntry entry, Optional<EntryBody> body,
                          List<Signer> signers) {

    private static final Set<RekorCheckName> LOG_CHECKS = EnumSet.of(RekorCheckName.INTEGRATED_TIME,
            RekorCheckName.LOG_KEY, RekorCheckName.SIGNED_ENTRY_TIMESTAMP, RekorCheckName.INCLUSION_PROOF,
            RekorCheckName.CHECKPOINT_SIGNATURE, RekorCheckName.CHECKPOINT_CONSISTENCY);

    public RekorResult {
        checks = List.copyOf(checks);
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(body, "body");
        signers = List.copyOf(signers);
        if (verified && (checks.isEmpty() || checks.stream().anyMatch(c -> !c.ok()) || body.isEmpty()
                || signers.isEmpty() || signers.stream().anyMatch(s -> s instanceof Signer.Untrusted))) {
            throw new IllegalArgumentException("a verified result has only passed checks and established signers");
        }
    }

    /** The failure reasons, in check order. */
    public List<RekorFailure> failures() {
        return checks.stream().filter(c -> !c.ok()).map(RekorCheck::failure).toList();
    }

    /** The first outcome of a check, if it ran. */
    public Optional<RekorCheck> check(RekorCheckName name) {
        return checks.stream().filter(c -> c.name() == name).findFirst();
    }

    /**
     * Whether the log part passed: the entry is genuinely in the log at its index and time (time, key, SET,
     * inclusion proof, checkpoint signature and consistency all ran and passed, and the UUID if checked),
     * whoever signed it.
     */
    public boolean loggedAsClaimed() {
        Set<RekorCheckName> passed = EnumSet.noneOf(RekorCheckName.class);
        checks.stream().filter(RekorCheck::ok).forEach(c -> passed.add(c.name()));
        return passed.containsAll(LOG_CHECKS) && checks.stream()
                .filter(c -> LOG_CHECKS.contains(c.name()) || c.name() == RekorCheckName.ENTRY_UUID)
                .allMatch(RekorCheck::ok);
    }

    public Instant integratedTime() {
        return entry.integratedInstant();
    }

    /** The Fulcio identities that signed, when the whole entry is verified; otherwise none. */
    public List<CertificateIdentity> fulcioIdentities() {
        return verified ? signers.stream().filter(s -> s instanceof Signer.Fulcio)
                .map(s -> ((Signer.Fulcio) s).identity()).toList() : List.of();
    }

    /** The checks as verdict checks. */
    public List<Check> toChecks() {
        return checks.stream().map(RekorCheck::toCheck).toList();
    }
}
