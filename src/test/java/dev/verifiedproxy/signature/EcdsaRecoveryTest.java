package dev.verifiedproxy.signature;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * EIP-191 against published vectors: Keccak-256 of the empty string, ethers.js's "hello world"
 * message hash and signature (etherscan verifySig/57), and viem's signature by anvil account 0.
 */
class EcdsaRecoveryTest {

    private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);
    private static final String ETHERS_SIG = "0xddd0a7290af9526056b4e35a077b9a11b513aa0028ec6c9880948544508f3c63"
            + "265e99e47ad31bb2cab9646c504576b3abc6939a1710afc08cbf3034d73214b81c";

    @Test
    void keccak256IsTheEthereumVariant() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.encode(Keccak256.hash()));
    }

    @Test
    void personalMessageDigestMatchesEthers() {
        assertEquals("d9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68",
                Hex.encode(EcdsaRecovery.personalMessageDigest(HELLO)));
    }

    @Test
    void recoversTheEthersVectorSigner() throws SignatureRejected {
        assertEquals("0x14791697260e4c9a71f18484c9f997b308e59325",
                EcdsaRecovery.recoverAddress(HELLO, EcdsaSignature.parse(ETHERS_SIG)));
    }

    @Test
    void recoversTheViemVectorSigner() throws SignatureRejected {
        // viem's account.sign test: anvil account 0 signs the digest of "hello world".
        EcdsaSignature sig = EcdsaSignature.parse("0xa461f509887bd19e312c0c58467ce8ff8e300d3c1a90b608a760c5b80318eaf1"
                + "5fe57c96f9175d6cd4daad4663763baa7e78836e067d0163e9a2ccf2ff753f5b1b");
        assertEquals("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", EcdsaRecovery.recoverAddress(HELLO, sig));
    }

    @Test
    void anotherMessageRecoversAnotherAddress() throws SignatureRejected {
        byte[] other = "hello worle".getBytes(StandardCharsets.UTF_8);
        assertEquals(false, "0x14791697260e4c9a71f18484c9f997b308e59325"
                .equals(EcdsaRecovery.recoverAddress(other, EcdsaSignature.parse(ETHERS_SIG))));
    }

    @Test
    void theHighSTwinOfAValidSignatureIsRejected() {
        EcdsaSignature low = EcdsaSignature.parse(ETHERS_SIG);
        // (r, n−s, other parity) is the same signature, malleated; it would recover the same key.
        EcdsaSignature high = new EcdsaSignature(low.r(), Secp256k1.order().subtract(low.s()), low.v() == 27 ? 28 : 27);
        assertEquals(SignatureFailure.HIGH_S, reject(high));
    }

    @Test
    void valuesNearNeverProducesAreRejected() {
        EcdsaSignature sig = EcdsaSignature.parse(ETHERS_SIG);
        BigInteger n = Secp256k1.order();
        assertEquals(SignatureFailure.V_NOT_27_OR_28, reject(new EcdsaSignature(sig.r(), sig.s(), 0)));
        assertEquals(SignatureFailure.V_NOT_27_OR_28, reject(new EcdsaSignature(sig.r(), sig.s(), 29)));
        assertEquals(SignatureFailure.R_OUT_OF_RANGE, reject(new EcdsaSignature(BigInteger.ZERO, sig.s(), 27)));
        assertEquals(SignatureFailure.R_OUT_OF_RANGE, reject(new EcdsaSignature(n, sig.s(), 27)));
        assertEquals(SignatureFailure.S_OUT_OF_RANGE, reject(new EcdsaSignature(sig.r(), BigInteger.ZERO, 27)));
        assertEquals(SignatureFailure.S_OUT_OF_RANGE, reject(new EcdsaSignature(sig.r(), n, 27)));
    }

    @Test
    void anRThatIsNoCurvePointIsNotRecoverable() {
        BigInteger r = BigInteger.ONE;
        while (isCurveX(r)) {
            r = r.add(BigInteger.ONE);
        }
        assertEquals(SignatureFailure.NOT_RECOVERABLE, reject(new EcdsaSignature(r, BigInteger.ONE, 27)));
    }

    @Test
    void signatureHexRoundTrips() {
        assertEquals(ETHERS_SIG, EcdsaSignature.parse(ETHERS_SIG).hex());
        assertEquals(ETHERS_SIG, EcdsaSignature.parse(ETHERS_SIG.substring(2)).hex());
    }

    private static boolean isCurveX(BigInteger x) {
        byte[] compressed = new byte[33];
        compressed[0] = 2;
        System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, x), 0, compressed, 1, 32);
        try {
            Secp256k1.DOMAIN.getCurve().decodePoint(compressed);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SignatureFailure reject(EcdsaSignature signature) {
        return assertThrows(SignatureRejected.class, () -> EcdsaRecovery.recoverAddress(HELLO, signature)).failure();
    }
}
