package dev.verifiedproxy.sigstore;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.verifiedproxy.sigstore.JsonFields.Malformed;

/**
 * Decodes a Rekor v1 entry body ({@code {"apiVersion", "kind", "spec"}}) of the kinds NEAR's images are
 * logged with: {@code dsse/0.0.1} (GitHub and Docker build attestations), {@code intoto/0.0.1} (older
 * attestations) and {@code hashedrekord/0.0.1} (cosign signatures). Other kinds, versions and hash
 * algorithms are refused, not skipped.
 */
public final class EntryBodyParser {

    private static final int MAX_SIGNATURES = 16;
    private static final int MAX_SIGNATURE_CHARS = 4096;
    private static final int MAX_VERIFIER_CHARS = 64 * 1024;

    private EntryBodyParser() {
    }

    public static EntryBody parse(byte[] body) throws RekorFormatException {
        JsonObject root;
        String kind;
        String version;
        try {
            root = JsonFields.object(JsonFields.parse(body, RekorEntries.MAX_BODY_CHARS, "entry body"), "body");
            kind = JsonFields.string(root, "kind", "body", 64);
            version = JsonFields.string(root, "apiVersion", "body", 64);
        } catch (Malformed e) {
            throw new RekorFormatException(RekorFailure.BODY_MALFORMED, e.getMessage());
        }
        String kindVersion = kind + "/" + version;
        try {
            JsonObject spec = JsonFields.object(root, "spec", "body");
            return switch (kindVersion) {
                case "hashedrekord/0.0.1" -> hashedRekord(spec);
                case "dsse/0.0.1" -> dsse(spec);
                case "intoto/0.0.1" -> intoto(spec);
                default -> throw new RekorFormatException(RekorFailure.BODY_KIND_UNSUPPORTED, kindVersion);
            };
        } catch (Malformed e) {
            throw new RekorFormatException(RekorFailure.BODY_MALFORMED, kindVersion + " " + e.getMessage());
        }
    }

    private static HashedRekordBody hashedRekord(JsonObject spec) throws RekorFormatException {
        Sha256Digest digest = hash(JsonFields.object(JsonFields.object(spec, "data", "spec"), "hash", "spec.data"),
                "spec.data.hash");
        JsonObject signature = JsonFields.object(spec, "signature", "spec");
        String content = signatureText(signature, "content", "spec.signature");
        SignerMaterial signer = Pem.signer(JsonFields.string(JsonFields.object(signature, "publicKey", "spec.signature"),
                "content", "spec.signature.publicKey", MAX_VERIFIER_CHARS), "spec.signature.publicKey.content");
        return new HashedRekordBody(digest, new EntrySignature(content, signer));
    }

    private static DsseBody dsse(JsonObject spec) throws RekorFormatException {
        Sha256Digest payloadHash = hash(JsonFields.object(spec, "payloadHash", "spec"), "spec.payloadHash");
        Sha256Digest envelopeHash = hash(JsonFields.object(spec, "envelopeHash", "spec"), "spec.envelopeHash");
        JsonArray array = JsonFields.array(JsonFields.required(spec, "signatures", "spec"), "spec.signatures", 1,
                MAX_SIGNATURES);
        List<EntrySignature> signatures = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "spec.signatures[" + i + "]";
            JsonObject s = JsonFields.object(array.get(i), path);
            signatures.add(new EntrySignature(signatureText(s, "signature", path),
                    Pem.signer(JsonFields.string(s, "verifier", path, MAX_VERIFIER_CHARS), path + ".verifier")));
        }
        return new DsseBody(payloadHash, envelopeHash, signatures);
    }

    private static IntotoBody intoto(JsonObject spec) throws RekorFormatException {
        JsonObject content = JsonFields.object(spec, "content", "spec");
        Sha256Digest payloadHash = hash(JsonFields.object(content, "payloadHash", "spec.content"),
                "spec.content.payloadHash");
        Optional<Sha256Digest> envelopeHash = Optional.empty();
        if (JsonFields.optional(content, "hash").isPresent()) {
            envelopeHash = Optional.of(hash(JsonFields.object(content, "hash", "spec.content"), "spec.content.hash"));
        }
        SignerMaterial signer = Pem.signer(JsonFields.string(spec, "publicKey", "spec", MAX_VERIFIER_CHARS),
                "spec.publicKey");
        return new IntotoBody(payloadHash, envelopeHash, signer);
    }

    /** {@code {"algorithm": "sha256", "value": hex}}; other algorithms are refused as unsupported. */
    private static Sha256Digest hash(JsonObject hash, String path) throws RekorFormatException {
        String algorithm = JsonFields.string(hash, "algorithm", path, 32);
        if (!algorithm.equals("sha256")) {
            throw new RekorFormatException(RekorFailure.BODY_KIND_UNSUPPORTED, path + ".algorithm " + algorithm);
        }
        return JsonFields.sha256Hex(hash, "value", path);
    }

    private static String signatureText(JsonObject object, String key, String path) {
        String text = JsonFields.string(object, key, path, MAX_SIGNATURE_CHARS);
        if (JsonFields.base64(text, path + "." + key, MAX_SIGNATURE_CHARS).length == 0) {
            throw new Malformed(path + "." + key, "empty");
        }
        return text;
    }
}
