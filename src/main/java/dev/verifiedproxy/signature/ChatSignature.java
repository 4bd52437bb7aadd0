package dev.verifiedproxy.signature;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Locale;
import java.util.Optional;

/**
 * The JSON NEAR AI returns from {@code GET /v1/signature/{chat_id}} (protocol.md §6.1), as is:
 * {@code {"text","signature","signing_address","signing_algo"[,"signature_kind"]}}.
 *
 * @param text           the signed text, see {@link SignedText}
 * @param signature      ecdsa: {@code 0x} + 130 hex (r‖s‖v); ed25519: 128 hex
 * @param signingAddress the signer NEAR claims: ecdsa {@code 0x} + 40 hex, ed25519 the 64-hex public key;
 *                       lowercase here
 * @param algo           the signature scheme
 * @param kind           gateway-stored signatures say which TEE signed; absent elsewhere
 */
public record ChatSignature(String text, String signature, String signingAddress, SigningAlgo algo,
                            Optional<SignatureKind> kind) {

    public ChatSignature {
        signingAddress = normalizeSigner(algo, signingAddress, "signing_address");
        decodeSignature(algo, signature);
    }

    /** The raw signature: ecdsa r‖s‖v (65 bytes), ed25519 R‖S (64 bytes). */
    public byte[] signatureBytes() {
        return decodeSignature(algo, signature);
    }

    /** The bytes of a signature in NEAR's hex form ({@code 0x} optional), checked for the algorithm's length. */
    static byte[] decodeSignature(SigningAlgo algo, String signature) {
        int expected = algo == SigningAlgo.ECDSA ? EcdsaSignature.LENGTH : Ed25519Signatures.SIGNATURE_LENGTH;
        byte[] bytes = Hex.decode(Hex.stripPrefix(signature)).orElseThrow(() ->
                new SignatureInputException(SignatureInputError.MALFORMED_SIGNATURE, "signature", "not hex"));
        if (bytes.length != expected) {
            throw new SignatureInputException(SignatureInputError.MALFORMED_SIGNATURE, "signature",
                    algo.wireName() + " signatures are " + expected + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** True if the gateway's key signed (a two-part text over bytes the gateway rewrote), not the model's. */
    public boolean gatewaySigned() {
        return kind.filter(k -> k == SignatureKind.GATEWAY).isPresent();
    }

    /**
     * Reads NEAR's JSON. {@code signing_algo} may be absent (old gateway rows, DOC vector C): it is
     * then read off the signing address, whose two forms cannot be confused.
     *
     * @throws SignatureInputException naming the field that is missing, of the wrong type or malformed
     */
    public static ChatSignature fromJson(JsonObject json) {
        if (json.containsKey("error_code") && !json.containsKey("signature")) {
            // The gateway answers 200 with e.g. STREAM_DISCONNECTED or SIGNATURE_UNSUPPORTED and no signature.
            throw new SignatureInputException(SignatureInputError.NO_SIGNATURE, "error_code",
                    optionalString(json, "error_code").orElse("?"));
        }
        String text = requiredString(json, "text");
        String signature = requiredString(json, "signature");
        String address = requiredString(json, "signing_address");
        SigningAlgo algo = optionalString(json, "signing_algo")
                .map(name -> SigningAlgo.fromWire(name).orElseThrow(() ->
                        new SignatureInputException(SignatureInputError.UNKNOWN_ALGORITHM, "signing_algo", null)))
                .orElseGet(() -> inferAlgo(address));
        Optional<SignatureKind> kind = optionalString(json, "signature_kind").map(name -> SignatureKind.fromWire(name)
                .orElseThrow(() -> new SignatureInputException(SignatureInputError.UNKNOWN_KIND, "signature_kind",
                        null)));
        return new ChatSignature(text, signature, address, algo, kind);
    }

    /**
     * The canonical form of a signer identity: ecdsa {@code 0x} + 40 lowercase hex (input compared
     * case-insensitively, EIP-55 allowed); ed25519 64 lowercase hex (an optional {@code 0x} dropped).
     */
    public static String normalizeSigner(SigningAlgo algo, String signer, String field) {
        if (algo == SigningAlgo.ECDSA) {
            try {
                return EthereumAddress.normalize(signer);
            } catch (IllegalArgumentException e) {
                throw new SignatureInputException(SignatureInputError.MALFORMED_ADDRESS, field, e.getMessage());
            }
        }
        String digits = Hex.stripPrefix(signer);
        if (digits.length() != 2 * Ed25519Signatures.PUBLIC_KEY_LENGTH || Hex.decode(digits).isEmpty()) {
            throw new SignatureInputException(SignatureInputError.MALFORMED_ADDRESS, field,
                    "an ed25519 signer is its 32-byte public key in 64 hex digits");
        }
        return digits.toLowerCase(Locale.ROOT);
    }

    private static SigningAlgo inferAlgo(String address) {
        String digits = Hex.stripPrefix(address);
        if (digits.length() == 40) {
            return SigningAlgo.ECDSA;
        }
        if (digits.length() == 64) {
            return SigningAlgo.ED25519;
        }
        throw new SignatureInputException(SignatureInputError.MISSING_FIELD, "signing_algo",
                "and the signing address is neither an Ethereum address nor an Ed25519 key");
    }

    private static String requiredString(JsonObject json, String field) {
        return optionalString(json, field)
                .orElseThrow(() -> new SignatureInputException(SignatureInputError.MISSING_FIELD, field, null));
    }

    /** A string field; absent and JSON null are both empty. */
    public static Optional<String> optionalString(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw new SignatureInputException(SignatureInputError.NOT_A_STRING, field, null);
        }
        return Optional.of(((JsonString) value).getString());
    }
}
