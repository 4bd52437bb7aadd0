package dev.verifiedproxy.signature;

import java.util.Optional;

/**
 * What one chat signature proves about one request/response pair.
 *
 * @param valid           the signature is the expected signer's over the text, and every body
 *                        that was given hashes to the text's hash
 * @param algo            the signature scheme
 * @param kind            NEAR's {@code signature_kind}, when it gave one
 * @param text            the parsed signed text (model name, hashes)
 * @param expectedSigner  the address or Ed25519 key the signature had to come from
 * @param recoveredSigner ecdsa: the address the signature recovers to (also when it is the wrong one);
 *                        ed25519: the expected key, once the signature verified under it
 * @param requestHash     the request body against the text's request hash
 * @param responseHash    the response body against the text's response hash
 * @param failure         the first failed check, absent when valid
 * @param error           a sentence for humans about that failure, absent when valid
 */
public record ChatSignatureVerdict(boolean valid, SigningAlgo algo, Optional<SignatureKind> kind, SignedText text,
                                   String expectedSigner, Optional<String> recoveredSigner, HashCheck requestHash,
                                   HashCheck responseHash, Optional<SignatureFailure> failure, Optional<String> error) {
}
