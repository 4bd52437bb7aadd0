/**
 * NVIDIA GPU attestation (../shared/docs/gpu.md): is the model backend's GPU evidence genuine,
 * fresh and appraised as good by NVIDIA?
 *
 * <ul>
 *   <li>Parsing, no crypto: {@link dev.verifiedproxy.gpu.NvidiaPayload} (with {@link dev.verifiedproxy.gpu.EvidenceItem},
 *       {@link dev.verifiedproxy.gpu.SpdmMeasurements}, {@link dev.verifiedproxy.gpu.OpaqueData}),
 *       {@link dev.verifiedproxy.gpu.NrasResponse}, {@link dev.verifiedproxy.gpu.JsonWebKeySet}.</li>
 *   <li>Local evidence checks: {@link dev.verifiedproxy.gpu.EvidenceVerifier} and
 *       {@link dev.verifiedproxy.gpu.DeviceCertificates} (chain to the pinned NVIDIA Device Identity CA,
 *       SPDM ECDSA P-384 signature, nonce, FWID).</li>
 *   <li>NRAS: {@link dev.verifiedproxy.gpu.NrasClient} (the exchange), {@link dev.verifiedproxy.gpu.NrasJwksCache}
 *       (keys), {@link dev.verifiedproxy.gpu.NrasKeyTrust} (each key's x5c chain to a pinned NRAS intermediate),
 *       {@link dev.verifiedproxy.gpu.NrasTokenVerifier} (java-jwt, ES384 only, every claim check).</li>
 *   <li>Policy inputs: {@link dev.verifiedproxy.gpu.GpuExpectations}; trust anchors: {@link dev.verifiedproxy.gpu.GpuTrust},
 *       {@link dev.verifiedproxy.gpu.NrasEndpoints}.</li>
 *   <li>Entry point: {@link dev.verifiedproxy.gpu.GpuVerifier} (live, offline, evidence only), returning a
 *       {@link dev.verifiedproxy.gpu.GpuResult}: named {@link dev.verifiedproxy.gpu.GpuCheck}s, each failure a
 *       {@link dev.verifiedproxy.gpu.GpuFailure}.</li>
 * </ul>
 *
 * No container API, no static clock, no I/O except through the {@link dev.verifiedproxy.net.HttpFetcher}
 * given to the NRAS client and key cache.
 */
package dev.verifiedproxy.gpu;
