package dev.verifiedproxy.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a NEAR chat signature vouches for a request/response pair: the signature must
 * come from the expected signer over the exact text, and the bodies (when known) must hash to the
 * text's hashes. Which signer is expected is the caller's decision: the attested model address,
 * or the attested gateway address when {@link ChatSignature#gatewaySigned()} (protocol.md §6.2);
 * {@code POST /verify/signature} can only take the document's own {@code signing_address}.
 * Stateless and thread-safe.
 */
public final class ChatSignatureChecker {

    /**
     * @param expectedSigner ecdsa address or ed25519 public key hex the signature must come from
     * @param requestSha256  lowercase hex SHA-256 of the exact request body, if known ({@link ExactBytesHash})
     * @param responseSha256 lowercase hex SHA-256 of the exact response body, if known
     * @throws SignatureInputException when the text or the expected signer is malformed
     */
    public ChatSignatureVerdict check(ChatSignature signature, String expectedSigner, Optional<String> requestSha256,
                                      Optional<String> responseSha256) {
        SignedText text = SignedText.parse(signature.text());
        String expected = ChatSignature.normalizeSigner(signature.algo(), expectedSigner, "expected signer");
        Optional<String> recovered = Optional.empty();
        Optional<SignatureFailure> failure = Optional.empty();
        String error = null;
        try {
            recovered = Optional.of(signer(signature, expected, text));
            if (!recovered.get().equals(expected)) {
                failure = Optional.of(SignatureFailure.ADDRESS_MISMATCH);
                error = failure.get().message() + ": it recovers to " + recovered.get() + ", not " + expected;
            }
        } catch (SignatureRejected rejected) {
            failure = Optional.of(rejected.failure());
            error = rejected.getMessage();
        }
        HashCheck request = compare(requestSha256, text.requestHash());
        HashCheck response = compare(responseSha256, text.responseHash());
        if (failure.isEmpty() && request == HashCheck.MISMATCH) {
            failure = Optional.of(SignatureFailure.REQUEST_HASH_MISMATCH);
            error = mismatch(failure.get(), requestSha256.orElseThrow(), text.requestHash());
        } else if (failure.isEmpty() && response == HashCheck.MISMATCH) {
            failure = Optional.of(SignatureFailure.RESPONSE_HASH_MISMATCH);
            error = mismatch(failure.get(), responseSha256.orElseThrow(), text.responseHash());
        }
        return new ChatSignatureVerdict(failure.isEmpty(), signature.algo(), signature.kind(), text, expected,
                recovered, request, response, failure, Optional.ofNullable(error));
    }

    /** As {@link #check}, hashing the exact request and response bodies first. */
    public ChatSignatureVerdict checkBodies(ChatSignature signature, String expectedSigner,
                                            Optional<byte[]> requestBody, Optional<byte[]> responseBody) {
        return check(signature, expectedSigner, requestBody.map(ExactBytesHash::sha256Hex),
                responseBody.map(ExactBytesHash::sha256Hex));
    }

    /** ecdsa: the recovered address; ed25519: the expected key, if the signature verifies under it. */
    private static String signer(ChatSignature signature, String expected, SignedText text) throws SignatureRejected {
        byte[] message = text.text().getBytes(StandardCharsets.UTF_8);
        if (signature.algo() == SigningAlgo.ECDSA) {
            return EcdsaRecovery.recoverAddress(message, EcdsaSignature.fromBytes(signature.signatureBytes()));
        }
        Ed25519Signatures.verify(Hex.decode(expected).orElseThrow(), message, signature.signatureBytes());
        return expected;
    }

    private static HashCheck compare(Optional<String> actual, String signed) {
        if (actual.isEmpty()) {
            return HashCheck.NOT_CHECKED;
        }
        byte[] a = actual.get().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] b = signed.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b) ? HashCheck.MATCH : HashCheck.MISMATCH;
    }

    private static String mismatch(SignatureFailure failure, String actual, String signed) {
        return failure.message() + ": the body hashes to " + actual + ", the text says " + signed;
    }
}
