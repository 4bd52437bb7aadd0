package dev.verifiedproxy.signature;

import org.bouncycastle.math.ec.ECPoint;

import java.util.Arrays;
import java.util.Locale;

/** Ethereum addresses: the last 20 bytes of Keccak-256(X‖Y), written {@code 0x} + 40 lowercase hex. */
public final class EthereumAddress {

    private EthereumAddress() {
    }

    public static String of(ECPoint publicKey) {
        byte[] hash = Keccak256.hash(Secp256k1.encodeXY(publicKey));
        return "0x" + Hex.encode(Arrays.copyOfRange(hash, 12, 32));
    }

    /**
     * The canonical form of an address: {@code 0x} + lowercase. NEAR prints addresses both in
     * lowercase and in EIP-55 mixed case, and compares them case-insensitively (protocol.md §6.4).
     *
     * @throws IllegalArgumentException unless it is 40 hex digits, with or without {@code 0x}
     */
    public static String normalize(String address) {
        String digits = Hex.stripPrefix(address);
        if (digits.length() != 40 || Hex.decode(digits).isEmpty()) {
            throw new IllegalArgumentException("an Ethereum address is 0x followed by 40 hex digits");
        }
        return "0x" + digits.toLowerCase(Locale.ROOT);
    }
}
