package dev.verifiedproxy.signature;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code text} a NEAR AI TEE signs (protocol.md §6.2): {@code "{model}:{req}:{resp}"} since
 * 2026-03-04, or {@code "{req}:{resp}"} (legacy model TEE, and gateway-signed). Hashes are
 * SHA-256 hex of the exact request and response bytes.
 *
 * @param text         the text exactly as signed
 * @param model        the canonical model name of the three-part form
 * @param requestHash  lowercase hex SHA-256 of the request body
 * @param responseHash lowercase hex SHA-256 of the response body
 */
public record SignedText(String text, Optional<String> model, String requestHash, String responseHash) {

    public enum Format {
        /** {@code "{req}:{resp}"}: legacy model TEE, or the gateway's own signature. */
        REQUEST_RESPONSE,
        /** {@code "{model}:{req}:{resp}"}. */
        MODEL_REQUEST_RESPONSE
    }

    private static final String FIELD = "text";

    public Format format() {
        return model.isPresent() ? Format.MODEL_REQUEST_RESPONSE : Format.REQUEST_RESPONSE;
    }

    /**
     * Splits from the right: model names contain '/' and may contain ':', the hashes never do.
     *
     * @throws SignatureInputException when the text has fewer than two fields or a hash is not SHA-256 hex
     */
    public static SignedText parse(String text) {
        int last = text.lastIndexOf(':');
        if (last < 0) {
            throw new SignatureInputException(SignatureInputError.MALFORMED_TEXT, FIELD, "no ':' in the text");
        }
        String head = text.substring(0, last);
        int middle = head.lastIndexOf(':');
        Optional<String> model = Optional.empty();
        String request = head;
        if (middle >= 0) {
            model = Optional.of(head.substring(0, middle));
            request = head.substring(middle + 1);
            if (model.get().isEmpty()) {
                throw new SignatureInputException(SignatureInputError.MALFORMED_TEXT, FIELD, "empty model name");
            }
        }
        return new SignedText(text, model, hash(request, "request"), hash(text.substring(last + 1), "response"));
    }

    private static String hash(String hex, String which) {
        if (hex.length() != 64 || Hex.decode(hex).isEmpty()) {
            throw new SignatureInputException(SignatureInputError.MALFORMED_HASH, FIELD, "the " + which + " hash");
        }
        return hex.toLowerCase(Locale.ROOT);
    }
}
