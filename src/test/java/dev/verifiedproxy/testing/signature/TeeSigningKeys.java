package dev.verifiedproxy.testing.signature;

import dev.verifiedproxy.e2ee.Ed25519PrivateKey;
import dev.verifiedproxy.e2ee.Secp256k1PrivateKey;
import dev.verifiedproxy.signature.EcdsaRecovery;
import dev.verifiedproxy.signature.EcdsaSignature;
import dev.verifiedproxy.signature.Hex;
import dev.verifiedproxy.signature.Secp256k1;
import dev.verifiedproxy.signature.SignatureKind;
import dev.verifiedproxy.signature.SignatureRejected;
import dev.verifiedproxy.signature.SigningAlgo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The two signing keys of a simulated NEAR AI TEE (ecdsa and ed25519), signing chat texts the way
 * inference-proxy does (protocol.md §6.4: EIP-191 with RFC 6979 nonces and low S; Ed25519 over
 * the UTF-8 text) and producing {@code /v1/signature/{id}} JSON. Also the model's E2EE keys.
 *
 * @param ecdsaScalar  32-byte secp256k1 private key
 * @param ed25519Seed  32-byte Ed25519 seed
 */
public record TeeSigningKeys(byte[] ecdsaScalar, byte[] ed25519Seed) {

    /**
     * inference-proxy's deterministic test keys (protocol.md §6.4): an ECDSA scalar and the RFC 8032
     * test 1 seed, whose public key is {@code d75a9801…511a}.
     */
    public static TeeSigningKeys deterministic() {
        HexFormat hex = HexFormat.of();
        return new TeeSigningKeys(hex.parseHex("ac0974bec39a17e36ba4a6b4d238ff944bacb35e5dc4af0f3347e5873179670f"),
                hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    }

    /** Fresh random keys, e.g. of one simulated TEE. */
    public static TeeSigningKeys generate(java.security.SecureRandom random) {
        byte[] scalar = new byte[32];
        byte[] edSeed = new byte[32];
        do {
            random.nextBytes(scalar);
        } while (!validScalar(scalar));
        random.nextBytes(edSeed);
        return new TeeSigningKeys(scalar, edSeed);
    }

    private static boolean validScalar(byte[] scalar) {
        BigInteger d = new BigInteger(1, scalar);
        return d.signum() > 0 && d.compareTo(Secp256k1.order()) < 0;
    }

    /** Other keys of the same shape, e.g. a second TEE or an impostor. */
    public static TeeSigningKeys fromSeed(int seed) {
        byte[] scalar = new byte[32];
        byte[] edSeed = new byte[32];
        java.util.Arrays.fill(scalar, (byte) seed);
        java.util.Arrays.fill(edSeed, (byte) (seed + 1));
        return new TeeSigningKeys(scalar, edSeed);
    }

    public Secp256k1PrivateKey ecdsa() {
        return Secp256k1PrivateKey.fromBytes(ecdsaScalar);
    }

    public Ed25519PrivateKey ed25519() {
        return Ed25519PrivateKey.fromSeed(ed25519Seed);
    }

    /** NEAR's {@code signing_address}: {@code 0x…} (ecdsa) or the 64-hex public key (ed25519). */
    public String signingAddress(SigningAlgo algo) {
        return algo == SigningAlgo.ECDSA ? ecdsa().publicKey().ethereumAddress() : ed25519().publicKey().hex();
    }

    /** NEAR's {@code signing_public_key}: X‖Y hex (ecdsa) or the Ed25519 key hex. */
    public String signingPublicKey(SigningAlgo algo) {
        return algo == SigningAlgo.ECDSA ? ecdsa().publicKey().hex() : ed25519().publicKey().hex();
    }

    /** The {@code signature} value NEAR would print for {@code text}. */
    public String sign(SigningAlgo algo, String text) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        if (algo == SigningAlgo.ED25519) {
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(ed25519Seed, 0, message, 0, message.length, signature, 0);
            return Hex.encode(signature);
        }
        return signEip191(message).hex();
    }

    /** The JSON of {@code GET /v1/signature/{id}?signing_algo=…} for {@code text}. */
    public JsonObject signatureJson(SigningAlgo algo, String text, Optional<SignatureKind> kind) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("text", text).add("signature", sign(algo, text))
                .add("signing_address", signingAddress(algo)).add("signing_algo", algo.wireName());
        kind.ifPresent(k -> json.add("signature_kind", k.wireName()));
        return json.build();
    }

    private EcdsaSignature signEip191(byte[] message) {
        byte[] digest = EcdsaRecovery.personalMessageDigest(message);
        BigInteger d = new BigInteger(1, ecdsaScalar);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, Secp256k1.DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(Secp256k1.HALF_ORDER) > 0 ? Secp256k1.order().subtract(rs[1]) : rs[1];
        ECPoint expected = ecdsa().publicKey().point();
        for (int v = 27; v <= 28; v++) {
            EcdsaSignature candidate = new EcdsaSignature(rs[0], s, v);
            try {
                if (EcdsaRecovery.recoverPublicKey(digest, candidate).equals(expected)) {
                    return candidate;
                }
            } catch (SignatureRejected wrongParity) {
                // try the other recovery id
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }
}
