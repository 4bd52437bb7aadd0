/**
 * The attestation policy (measurements.md §3.5; file format in README.md, "Attestation policy"):
 * which platforms, boot chains, applications and deployments are acceptable.
 *
 * <ul>
 *   <li>{@link dev.verifiedproxy.policy.PolicyParser} / {@link dev.verifiedproxy.policy.PolicyLoader}: read
 *       and validate a policy file (or the built-in default policy) into an immutable {@link
 *       dev.verifiedproxy.policy.AttestationPolicy}; every problem is a {@link dev.verifiedproxy.policy.PolicyError}
 *       naming its JSON path.</li>
 *   <li>{@link dev.verifiedproxy.policy.PolicyEvaluator}: facts in ({@link dev.verifiedproxy.policy.Observation}),
 *       decisions out ({@link dev.verifiedproxy.policy.PolicyEvaluation}) with the policy's digest.</li>
 *   <li>{@link dev.verifiedproxy.policy.PolicyObserver}: observe mode, the observed values as a policy file.</li>
 * </ul>
 */
package dev.verifiedproxy.policy;
