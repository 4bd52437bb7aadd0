/**
 * GPU attestation fixtures, reusable by unit and integration tests:
 * <ul>
 *   <li>{@link dev.verifiedproxy.testing.nras.FakeNras}: a fake NVIDIA Remote Attestation Service on
 *       127.0.0.1 (attestation endpoint and JWKS, ES384 test keys certified by its own intermediate,
 *       switchable misbehaviours).</li>
 *   <li>{@link dev.verifiedproxy.testing.nras.NrasSigningKeys}: an NRAS-style intermediate and signing keys,
 *       and re-signing of real NRAS answers (forged evidence bundles).</li>
 *   <li>{@link dev.verifiedproxy.testing.nras.FakeGpuEvidence}: forged Hopper GPUs under a test device
 *       root, producing NEAR-shaped {@code nvidia_payload}s for any nonce, optionally tampered.</li>
 * </ul>
 * Typical use:
 * <pre>{@code
 * FakeGpuEvidence gpus = FakeGpuEvidence.hopper(8);
 * try (FakeNras nras = FakeNras.start()) {
 *     GpuTrust trust = GpuTrust.production().withDeviceRoot(gpus.deviceRoot()).withNrasIssuer(nras.issuer())
 *             .withNrasIntermediates(List.of(nras.intermediate()));
 *     ... new NrasClient(fetcher, new NrasClient.Settings(nras.endpoints().attestUrl(), ...)) ...
 *     GpuResult result = verifier.verify(gpus.payload(nonce), nonce, GpuExpectations.none().withVmGpuCount(8), now);
 * }
 * }</pre>
 */
package dev.verifiedproxy.testing.nras;
