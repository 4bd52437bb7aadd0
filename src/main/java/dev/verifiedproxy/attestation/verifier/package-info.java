/**
 * The full attestation verdict (architecture.md §4, measurements.md §6): {@link
 * dev.verifiedproxy.attestation.verifier.AttestationVerifier} runs DCAP, report-data binding, event-log
 * replay, runtime events, compose and info checks, the compose-manager attestation and NVIDIA GPU
 * evidence on every CVM of a NEAR report, then the attestation policy, into a {@link
 * dev.verifiedproxy.verdict.Verdict}, and records what it used as an {@link
 * dev.verifiedproxy.attestation.EvidenceBundle} that re-verifies offline to the same verdict. {@link
 * dev.verifiedproxy.attestation.verifier.VerdictAttestor} is the attested transport's verifier built on it,
 * and {@link dev.verifiedproxy.attestation.verifier.EvidenceArchive} keeps the bundles of recent
 * verifications.
 *
 * <p>It sits above {@code attestation}, {@code eventlog}, {@code dcap}, {@code gpu}, {@code policy} and
 * {@code verdict}, which know nothing of it, so the orchestration creates no package cycle.
 */
package dev.verifiedproxy.attestation.verifier;
