/**
 * The verdict contract of architecture.md §4, shared by every verifier: {@link
 * dev.verifiedproxy.verdict.Check} (one named result with observed values and a {@link
 * dev.verifiedproxy.verdict.Reason}), {@link dev.verifiedproxy.verdict.Component} and {@link
 * dev.verifiedproxy.verdict.Verdict}.
 *
 * <p>It is its own package, below {@code eventlog}, {@code policy}, {@code dcap}, {@code gpu} and
 * {@code attestation}, so that each of them can return named checks while {@code attestation}
 * orchestrates them all without a package cycle.
 */
package dev.verifiedproxy.verdict;
