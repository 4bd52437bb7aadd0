package dev.verifiedproxy.sigstore;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <name> <base64(key hint ‖ signature)>}.
 *
 * @param name    the signer's name, e.g. {@code rekor.sigstore.dev}
 * @param payload base64 of the 4-byte key hint followed by the signature, as sent
 */
public record NoteSignature(String name, String payload) {

    public NoteSignature {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        if (Base64.getDecoder().decode(payload).length < 5) {
            throw new IllegalArgumentException("a note signature is a 4-byte key hint and at least one byte");
        }
    }

    /** The 4-byte key hint. */
    public byte[] keyHint() {
        return Arrays.copyOf(Base64.getDecoder().decode(payload), 4);
    }

    /** The signature after the key hint. */
    public byte[] signature() {
        byte[] raw = Base64.getDecoder().decode(payload);
        return Arrays.copyOfRange(raw, 4, raw.length);
    }

    @Override
    public String toString() {
        return name + " (key hint " + HexFormat.of().formatHex(keyHint()) + ")";
    }
}
