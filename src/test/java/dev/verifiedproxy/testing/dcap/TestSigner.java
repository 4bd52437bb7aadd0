package dev.verifiedproxy.testing.dcap;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/** P-256 keys and signatures for the test PKI; BouncyCastle is used as an instance, never registered. */
public final class TestSigner {

    private static final Provider BC = new BouncyCastleProvider();
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);

    private TestSigner() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ECDSA P-256 / SHA-256 as raw r||s (64 bytes), deterministic (RFC 6979). */
    public static byte[] signRaw(PrivateKey key, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), DOMAIN));
        BigInteger[] rs = signer.generateSignature(sha256(message));
        byte[] out = new byte[64];
        put32(rs[0], out, 0);
        put32(rs[1], out, 32);
        return out;
    }

    /** The raw x||y (64 bytes) of a P-256 public key, as a quote carries its attestation key. */
    public static byte[] rawPublicKey(KeyPair pair) {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        byte[] out = new byte[64];
        put32(key.getW().getAffineX(), out, 0);
        put32(key.getW().getAffineY(), out, 32);
        return out;
    }

    static ContentSigner contentSigner(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Provider provider() {
        return BC;
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put32(BigInteger value, byte[] out, int offset) {
        byte[] b = value.toByteArray();
        int length = Math.min(b.length, 32);
        System.arraycopy(b, b.length - length, out, offset + 32 - length, length);
    }
}
