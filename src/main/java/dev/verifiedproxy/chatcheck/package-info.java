/**
 * Automatic signature checks of the chat completions the proxy relays (issue 7 item 2,
 * protocol.md §6): what the proxy saw of one exchange ({@link dev.verifiedproxy.chatcheck.ResponseCapture},
 * {@link dev.verifiedproxy.chatcheck.ChatExchange}), the background fetch of NEAR's signature from the very
 * CVM that answered and its check against the attested signer
 * ({@link dev.verifiedproxy.chatcheck.ChatSignatureVerifier}), and the bounded record of the results
 * ({@link dev.verifiedproxy.chatcheck.ChatCheckStore}). Facts ({@link dev.verifiedproxy.chatcheck.ChatCheckResult})
 * carry one named reason per failure ({@link dev.verifiedproxy.chatcheck.ChatCheckFailure}).
 * Plain Java: no container API (architecture.md §1.6). Nothing here logs bodies, keys or credentials.
 */
package dev.verifiedproxy.chatcheck;
