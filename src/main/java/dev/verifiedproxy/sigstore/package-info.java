/**
 * Sigstore provenance, offline (measurements.md §4): is a Rekor v1 log entry genuinely in the public log,
 * and who signed it?
 *
 * <ul>
 *   <li>Parsing, no crypto: {@link dev.verifiedproxy.sigstore.TrustedRootParser} (log keys and Fulcio CAs with
 *       their windows), {@link dev.verifiedproxy.sigstore.RekorEntries} (entry responses),
 *       {@link dev.verifiedproxy.sigstore.Checkpoint} (signed note), {@link dev.verifiedproxy.sigstore.EntryBodyParser}
 *       (hashedrekord, dsse, intoto), {@link dev.verifiedproxy.sigstore.FulcioExtensions} (certificate identity),
 *       {@link dev.verifiedproxy.sigstore.DsseEnvelope} and {@link dev.verifiedproxy.sigstore.InTotoStatement}.</li>
 *   <li>Verification at an explicit instant: {@link dev.verifiedproxy.sigstore.RekorVerifier} (SET over RFC 8785
 *       canonical JSON, RFC 6962 inclusion proof, checkpoint signature and consistency, Fulcio chain) returning a
 *       {@link dev.verifiedproxy.sigstore.RekorResult}: named {@link dev.verifiedproxy.sigstore.RekorCheck}s, each
 *       failure a {@link dev.verifiedproxy.sigstore.RekorFailure}, and the {@link dev.verifiedproxy.sigstore.Signer}s.</li>
 *   <li>Binding to an artifact: {@link dev.verifiedproxy.sigstore.ArtifactBinding} decides whether a verified
 *       entry covers an image digest, with the DSSE envelope where the log keeps only hashes.</li>
 * </ul>
 *
 * No policy: which identities are acceptable for which image is decided elsewhere. No container API, no
 * clock, no I/O.
 */
package dev.verifiedproxy.sigstore;
