package dev.verifiedproxy.testing.backend;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The key a model CVM signs answers with, as NEAR derives it inside the TEE: secp256k1 for
 * {@code ecdsa} (address = last 20 bytes of Keccak-256(X‖Y)) or Ed25519 (address = public key).
 *
 * @param algo          {@code ecdsa} or {@code ed25519}
 * @param privateKey    32-byte secret scalar or seed
 * @param publicKey     64-byte X‖Y (ecdsa) or 32-byte key (ed25519)
 * @param addressBytes  20-byte address (ecdsa) or the 32-byte key (ed25519)
 */
public record SigningIdentity(String algo, byte[] privateKey, byte[] publicKey, byte[] addressBytes) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static SigningIdentity generate(String algo) {
        return switch (algo) {
            case "ecdsa" -> ecdsa();
            case "ed25519" -> ed25519();
            default -> throw new IllegalArgumentException(algo);
        };
    }

    private static SigningIdentity ecdsa() {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, curve.getN().subtract(BigInteger.ONE), RANDOM);
        ECPoint q = curve.getG().multiply(d).normalize();
        byte[] encoded = q.getEncoded(false);
        byte[] xy = Arrays.copyOfRange(encoded, 1, 65);
        KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(xy, 0, xy.length);
        byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        return new SigningIdentity("ecdsa", BigIntegers.asUnsignedByteArray(32, d), xy, Arrays.copyOfRange(hash, 12, 32));
    }

    private static SigningIdentity ed25519() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        var pair = generator.generateKeyPair();
        byte[] secret = ((Ed25519PrivateKeyParameters) pair.getPrivate()).getEncoded();
        byte[] pub = ((Ed25519PublicKeyParameters) pair.getPublic()).getEncoded();
        return new SigningIdentity("ed25519", secret, pub, pub);
    }

    /** {@code signing_address} as NEAR writes it. */
    public String address() {
        return algo.equals("ecdsa") ? "0x" + Hex.toHexString(addressBytes) : Hex.toHexString(addressBytes);
    }

    /** {@code signing_public_key} as NEAR writes it (X‖Y without 04 for ecdsa). */
    public String publicKeyHex() {
        return Hex.toHexString(publicKey);
    }
}
