package dev.verifiedproxy.eventlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and SHA-384 from the JDK (every Java platform must provide both). */
public final class Sha {

    private Sha() {
    }

    public static byte[] sha256(byte[]... parts) {
        return digest("SHA-256", parts);
    }

    public static byte[] sha384(byte[]... parts) {
        return digest("SHA-384", parts);
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
