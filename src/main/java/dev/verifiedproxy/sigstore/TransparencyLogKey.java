package dev.verifiedproxy.sigstore;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * One transparency log of the trusted root ({@code tlogs[]}): the key that signs its entry timestamps and
 * checkpoints.
 *
 * @param baseUrl   the log's URL, for details only
 * @param logId     the log id entries name in {@code logID}: lowercase hex of the trusted root's {@code keyId}
 * @param algorithm the declared key type; signatures are verified with its scheme only
 * @param key       the public key
 * @param spkiSha256 SHA-256 of the key's DER SubjectPublicKeyInfo
 * @param validFor  when entries signed by this key may be trusted, judged at their integrated time
 */
public record TransparencyLogKey(String baseUrl, String logId, KeyAlgorithm algorithm, PublicKey key,
                                 Sha256Digest spkiSha256, ValidityWindow validFor) {

    public TransparencyLogKey {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(spkiSha256, "spkiSha256");
        Objects.requireNonNull(validFor, "validFor");
    }

    /**
     * The 4-byte key hint that a Rekor v1 checkpoint's signature line starts with: the first bytes of the
     * SHA-256 of the key's DER SubjectPublicKeyInfo (Rekor's own choice; the Go note format would hash the
     * name and key instead, which is why it is computed here, not taken from {@code logId}).
     */
    public byte[] checkpointKeyHint() {
        return Arrays.copyOf(spkiSha256.bytes(), 4);
    }
}
