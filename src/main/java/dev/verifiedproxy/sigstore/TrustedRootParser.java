package dev.verifiedproxy.sigstore;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.verifiedproxy.sigstore.JsonFields.Malformed;
import static dev.verifiedproxy.sigstore.TrustedRootException.Problem;

/**
 * Reads a Sigstore trusted root (protobuf-JSON {@code dev.sigstore.trustroot.v1.TrustedRoot}, media types
 * 0.1 and 0.2). Everything it keeps is checked: keys decode as their declared type, certificates parse,
 * windows are well formed, no two logs share an id over overlapping windows. An unknown key type or hash
 * algorithm makes the whole root unusable rather than silently dropping a log.
 */
public final class TrustedRootParser {

    /** A trusted root is a few KiB; the public-good one is 6 KiB. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final Set<String> MEDIA_TYPES = Set.of(
            "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "application/vnd.dev.sigstore.trustedroot.v0.2+json");
    private static final int MAX_LOGS = 64;
    private static final int MAX_AUTHORITIES = 64;
    private static final int MAX_CHAIN = 8;
    private static final int MAX_KEY_BYTES = 4096;
    private static final int MAX_TEXT = 2048;

    private TrustedRootParser() {
    }

    /** A specific refusal, raised inside the parse and turned into a {@link TrustedRootException}. */
    private static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Refused(Problem problem, String path, String detail) {
            super(path + ": " + detail);
            this.problem = problem;
        }
    }

    public static TrustedRoot parse(byte[] json) throws TrustedRootException {
        try {
            JsonObject root = JsonFields.object(JsonFields.parse(json, MAX_BYTES, "trusted root"), "$");
            String mediaType = JsonFields.string(root, "mediaType", "$", MAX_TEXT);
            if (!MEDIA_TYPES.contains(mediaType)) {
                throw new Refused(Problem.UNSUPPORTED_MEDIA_TYPE, "$.mediaType", mediaType);
            }
            List<TransparencyLogKey> logs = new ArrayList<>();
            JsonArray tlogs = JsonFields.array(JsonFields.required(root, "tlogs", "$"), "$.tlogs", 1, MAX_LOGS);
            for (int i = 0; i < tlogs.size(); i++) {
                logs.add(log(JsonFields.object(tlogs.get(i), "$.tlogs[" + i + "]"), "$.tlogs[" + i + "]"));
            }
            rejectAmbiguousLogIds(logs);
            List<CertificateAuthority> authorities = new ArrayList<>();
            JsonArray cas = JsonFields.array(JsonFields.required(root, "certificateAuthorities", "$"),
                    "$.certificateAuthorities", 1, MAX_AUTHORITIES);
            for (int i = 0; i < cas.size(); i++) {
                String path = "$.certificateAuthorities[" + i + "]";
                authorities.add(authority(JsonFields.object(cas.get(i), path), path));
            }
            return new TrustedRoot(logs, authorities);
        } catch (Malformed e) {
            throw new TrustedRootException(Problem.MALFORMED, "trusted root unusable: " + e.getMessage());
        } catch (Refused e) {
            throw new TrustedRootException(e.problem, "trusted root unusable: " + e.getMessage());
        }
    }

    private static TransparencyLogKey log(JsonObject log, String path) {
        String baseUrl = JsonFields.string(log, "baseUrl", path, MAX_TEXT);
        String hashAlgorithm = JsonFields.string(log, "hashAlgorithm", path, MAX_TEXT);
        if (!hashAlgorithm.equals("SHA2_256")) {
            throw new Refused(Problem.UNSUPPORTED_ALGORITHM, path + ".hashAlgorithm", hashAlgorithm);
        }
        JsonObject publicKey = JsonFields.object(log, "publicKey", path);
        String keyPath = path + ".publicKey";
        String keyDetails = JsonFields.string(publicKey, "keyDetails", keyPath, MAX_TEXT);
        KeyAlgorithm algorithm = KeyAlgorithm.fromKeyDetails(keyDetails)
                .orElseThrow(() -> new Refused(Problem.UNSUPPORTED_ALGORITHM, keyPath + ".keyDetails", keyDetails));
        byte[] spki = JsonFields.base64(JsonFields.string(publicKey, "rawBytes", keyPath, MAX_KEY_BYTES * 2),
                keyPath + ".rawBytes", MAX_KEY_BYTES);
        PublicKey key;
        try {
            key = algorithm.decode(spki);
        } catch (GeneralSecurityException e) {
            throw new Refused(Problem.INVALID_KEY, keyPath + ".rawBytes", "not a " + keyDetails + " key (" + e.getMessage() + ")");
        }
        ValidityWindow validFor = window(JsonFields.object(publicKey, "validFor", keyPath), keyPath + ".validFor");
        byte[] keyId = JsonFields.base64(JsonFields.string(JsonFields.object(log, "logId", path), "keyId",
                path + ".logId", 128), path + ".logId.keyId", 64);
        if (keyId.length == 0) {
            throw new Malformed(path + ".logId.keyId", "empty");
        }
        return new TransparencyLogKey(baseUrl, HexFormat.of().formatHex(keyId), algorithm, key,
                Sha256Digest.hash(spki), validFor);
    }

    private static CertificateAuthority authority(JsonObject ca, String path) {
        String uri = JsonFields.string(ca, "uri", path, MAX_TEXT);
        String subject = JsonFields.optional(ca, "subject")
                .map(s -> JsonFields.object(s, path + ".subject"))
                .map(s -> JsonFields.optionalString(s, "organization", path + ".subject", MAX_TEXT).orElse("")
                        + "/" + JsonFields.optionalString(s, "commonName", path + ".subject", MAX_TEXT).orElse(""))
                .orElse("");
        JsonArray certificates = JsonFields.array(JsonFields.required(JsonFields.object(ca, "certChain", path),
                "certificates", path + ".certChain"), path + ".certChain.certificates", 1, MAX_CHAIN);
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            String certPath = path + ".certChain.certificates[" + i + "]";
            byte[] der = JsonFields.base64(JsonFields.string(JsonFields.object(certificates.get(i), certPath),
                    "rawBytes", certPath, MAX_KEY_BYTES * 4), certPath + ".rawBytes", MAX_KEY_BYTES * 3);
            try {
                chain.add(certificate(der, certPath));
            } catch (Malformed e) {
                throw new Refused(Problem.INVALID_CERTIFICATE, certPath, "not an X.509 certificate");
            }
        }
        return new CertificateAuthority(uri, subject, chain,
                window(JsonFields.object(ca, "validFor", path), path + ".validFor"));
    }

    static X509Certificate certificate(byte[] der, String path) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new Malformed(path, "not an X.509 certificate");
        }
    }

    private static ValidityWindow window(JsonObject validFor, String path) {
        Instant start = instant(JsonFields.string(validFor, "start", path, 64), path + ".start");
        Optional<Instant> end = JsonFields.optionalString(validFor, "end", path, 64).map(e -> instant(e, path + ".end"));
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new Refused(Problem.INVALID_WINDOW, path, "ends before it starts");
        }
        return new ValidityWindow(start, end);
    }

    private static Instant instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused(Problem.INVALID_WINDOW, path, "not an RFC 3339 timestamp");
        }
    }

    /** Two logs with one id and overlapping windows would make the key of an entry a guess. */
    private static void rejectAmbiguousLogIds(List<TransparencyLogKey> logs) {
        for (int i = 0; i < logs.size(); i++) {
            for (int j = i + 1; j < logs.size(); j++) {
                TransparencyLogKey a = logs.get(i);
                TransparencyLogKey b = logs.get(j);
                if (a.logId().equals(b.logId()) && overlap(a.validFor(), b.validFor())) {
                    throw new Refused(Problem.AMBIGUOUS_LOG_ID, "$.tlogs[" + j + "]", "log id " + a.logId()
                            + " is also used by $.tlogs[" + i + "] over an overlapping window");
                }
            }
        }
    }

    private static boolean overlap(ValidityWindow a, ValidityWindow b) {
        boolean aBeforeB = a.end().map(e -> e.isBefore(b.start())).orElse(false);
        boolean bBeforeA = b.end().map(e -> e.isBefore(a.start())).orElse(false);
        return !aBeforeB && !bBeforeA;
    }
}
