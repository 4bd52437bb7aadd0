/**
 * A fake Sigstore for the {@code dev.verifiedproxy.sigstore} tests: a Fulcio-like CA issuing short-lived
 * identity certificates, and a Rekor-like log (P-256 key, RFC 6962 tree, signed checkpoints, signed entry
 * timestamps) producing entry responses in Rekor's v1 API format, with the trusted root that names both.
 * Everything is built with BouncyCastle's builders and the JDK's providers; it shares no code with the
 * verifier (the Merkle tree is built from RFC 6962's recursive definition, the verifier uses the iterative
 * audit-path algorithm).
 */
package dev.verifiedproxy.testing.sigstore;
