package dev.verifiedproxy.transport;

import org.bouncycastle.util.encoders.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * SHA-256 of a certificate's SubjectPublicKeyInfo DER: what NEAR binds into report data as
 * {@code tls_cert_fingerprint}. Keyed on the public key, not the certificate, so a renewed
 * certificate for the same key keeps its verification.
 *
 * @param bytes the 32-byte digest
 */
public record SpkiHash(byte[] bytes) {

    public SpkiHash {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("SPKI SHA-256 must be 32 bytes");
        }
        bytes = bytes.clone();
    }

    public static SpkiHash of(X509Certificate certificate) {
        try {
            return new SpkiHash(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return Hex.toHexString(bytes);
    }

    /** Constant-time comparison with a fingerprint taken from a report. */
    public boolean matches(byte[] other) {
        return MessageDigest.isEqual(bytes, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpkiHash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
