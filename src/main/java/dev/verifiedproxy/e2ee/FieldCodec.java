package dev.verifiedproxy.e2ee;

import dev.verifiedproxy.signature.Hex;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Encrypts and decrypts single string fields for one side of one exchange: {@link #seal} to the
 * peer (lowercase hex of the wire bytes), {@link #open} with one's own key. Empty strings stay
 * empty in both directions, as NEAR does. Thread-safe if the {@link SecureRandom} is.
 */
public final class FieldCodec {

    private final WireCipher cipher;
    private final E2eePublicKey peer;
    private final E2eePrivateKey own;

    private FieldCodec(WireCipher cipher, E2eePublicKey peer, E2eePrivateKey own) {
        if (peer.algo() != own.algo()) {
            throw new E2eeException(E2eeFailure.KEY_ALGORITHM_MISMATCH, peer.algo().wireName() + " and "
                    + own.algo().wireName());
        }
        this.cipher = cipher;
        this.peer = peer;
        this.own = own;
    }

    /** The client's (the proxy's) side: seals request fields to the model key, opens response fields. */
    public static FieldCodec forClient(E2eePrivateKey clientKey, E2eePublicKey modelKey, E2eeVersion version,
                                       SecureRandom random) {
        return new FieldCodec(WireCipher.of(E2eeScheme.of(modelKey.algo(), version), Direction.TO_MODEL, random),
                modelKey, clientKey);
    }

    /** The model TEE's side: opens request fields, seals response fields to the client key. */
    public static FieldCodec forModel(E2eePrivateKey modelKey, E2eePublicKey clientKey, E2eeVersion version,
                                      SecureRandom random) {
        return new FieldCodec(WireCipher.of(E2eeScheme.of(clientKey.algo(), version), Direction.TO_CLIENT, random),
                clientKey, modelKey);
    }

    public E2eeScheme scheme() {
        return cipher.scheme();
    }

    /** Lowercase hex of the wire bytes of the UTF-8 plaintext. */
    public String seal(String plaintext) {
        if (plaintext.isEmpty()) {
            return plaintext;
        }
        return Hex.encode(cipher.seal(peer, plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param hex a field value as sealed by the peer (either hex case)
     * @throws E2eeException {@link E2eeFailure#BAD_HEX}, {@link E2eeFailure#NOT_UTF8}, or a failure of
     *                       {@link WireCipher#open}
     */
    public String open(String hex) {
        if (hex.isEmpty()) {
            return hex;
        }
        byte[] wire = Hex.decode(hex).orElseThrow(() -> new E2eeException(E2eeFailure.BAD_HEX, "encrypted field"));
        byte[] plaintext = cipher.open(own, wire);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plaintext)).toString();
        } catch (CharacterCodingException e) {
            throw new E2eeException(E2eeFailure.NOT_UTF8);
        }
    }
}
