/**
 * Test fixtures shared by unit and integration tests (architecture.md §6).
 *
 * <ul>
 *   <li>{@link dev.verifiedproxy.testing.Samples}: the real captured vectors in {@code ../shared/samples}.</li>
 *   <li>Test PKI and quote forge: a test root CA with the Intel-shaped hierarchy (PCK platform CA,
 *       PCK leaf with SGX extensions, TCB signing cert, CRLs), signed TCB info / QE identity, and
 *       SGX/TDX quotes over any report data. The verifier is always given the test root explicitly.</li>
 *   <li>Simulated TEE backend: HTTPS on 127.0.0.1 serving {@code /v1/attestation/report} with forged
 *       quotes binding its own key and SPKI, chat completions (JSON and SSE), models and signatures,
 *       with switchable misbehaviours and a counter of bytes received before proof.</li>
 *   <li>Fake Intel PCS and fake NVIDIA NRAS on 127.0.0.1.</li>
 *   <li>{@code signature.TeeSigningKeys}: a TEE's ecdsa and ed25519 signing keys, signing chat texts
 *       and producing {@code /v1/signature/{id}} JSON like inference-proxy.</li>
 *   <li>{@code e2ee.NearE2eeServer}: inference-proxy's side of E2EE (decrypt request fields, encrypt
 *       response fields and SSE chunks to the client key).</li>
 *   <li>{@code run}: launchers for the README's run and demo commands.</li>
 * </ul>
 *
 * Nothing here is packaged into a WAR.
 */
package dev.verifiedproxy.testing;
