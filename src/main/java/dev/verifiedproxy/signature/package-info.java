/**
 * Chat signatures of NEAR AI Cloud (protocol.md §6): the signed text and its formats, the exact
 * bytes that are hashed, EIP-191 public-key recovery on secp256k1 and Ed25519 verification, and
 * the decision whether one signature JSON vouches for one request/response pair.
 *
 * <p>Parsing ({@link dev.verifiedproxy.signature.ChatSignature}, {@link dev.verifiedproxy.signature.SignedText},
 * {@link dev.verifiedproxy.signature.EcdsaSignature}), cryptography
 * ({@link dev.verifiedproxy.signature.EcdsaRecovery}, {@link dev.verifiedproxy.signature.Ed25519Signatures})
 * and the decision ({@link dev.verifiedproxy.signature.ChatSignatureChecker}) live in separate types.
 * Plain Java: no container API (architecture.md §1.6).
 */
package dev.verifiedproxy.signature;
