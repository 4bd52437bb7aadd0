package dev.verifiedproxy.sigstore;

import java.util.List;

/**
 * The parts of a Sigstore trusted root ({@code trusted_root.json}) that offline Rekor v1 verification
 * needs: transparency-log keys and Fulcio CAs. CT logs and timestamp authorities are not read (no SCT or
 * RFC 3161 check is made here).
 *
 * @param logs                   {@code tlogs[]}
 * @param certificateAuthorities {@code certificateAuthorities[]}
 */
public record TrustedRoot(List<TransparencyLogKey> logs, List<CertificateAuthority> certificateAuthorities) {

    public TrustedRoot {
        logs = List.copyOf(logs);
        certificateAuthorities = List.copyOf(certificateAuthorities);
    }

    /** Parses a trusted root document; see {@link TrustedRootParser}. */
    public static TrustedRoot parse(byte[] json) throws TrustedRootException {
        return TrustedRootParser.parse(json);
    }

    /** The log keys with this log id (normally one; several only across a rotation that kept the id). */
    public List<TransparencyLogKey> logKeys(String logId) {
        return logs.stream().filter(k -> k.logId().equals(logId)).toList();
    }
}
