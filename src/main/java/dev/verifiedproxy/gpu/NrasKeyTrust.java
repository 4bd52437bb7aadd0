package dev.verifiedproxy.gpu;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether an NRAS signing key is NVIDIA's (gpu.md §2.3, "optional hardening", made mandatory). A key set
 * is just JSON: fetched live it is only as good as the TLS to NVIDIA, and inside an evidence bundle
 * anyone can write one. So every key that signs a token must carry {@code x5c = [leaf, intermediate]},
 * the leaf must be issued by that intermediate, the intermediate's public key must be one of the
 * pinned NRAS intermediates, and both certificates must be valid when the token was issued.
 *
 * <p>Pinned by SubjectPublicKeyInfo, not by certificate: NVIDIA can re-issue the intermediate with the
 * same key (new validity, new serial) without breaking verification, while a different key needs a
 * deliberate configuration change. NVIDIA publishes neither the root above the intermediate
 * ("NVIDIA Attestation Service CA 001") nor its rotation schedule (nvtrust issue #107), so the pin set
 * can be extended by configuration.
 *
 * @param pinnedSpkis lowercase hex SHA-256 of each trusted intermediate's SubjectPublicKeyInfo; not empty
 */
public record NrasKeyTrust(Set<String> pinnedSpkis) {

    /**
     * SHA-256 of the SubjectPublicKeyInfo of "NVIDIA Attestation Service GPU Intermediate 004" (RSA-2048,
     * valid 2025-12-08 to 2029-12-08), the issuer of every key in the captured NRAS key sets.
     */
    public static final String INTERMEDIATE_004_SPKI_SHA256 =
            "fd32837f954e2c45db073105166dfe6985ae0480bb113fba63b091a75affe896";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public NrasKeyTrust {
        Objects.requireNonNull(pinnedSpkis, "pinnedSpkis");
        if (pinnedSpkis.isEmpty() || !pinnedSpkis.stream().allMatch(p -> SHA256_HEX.matcher(p).matches())) {
            throw new IllegalArgumentException("pinned NRAS intermediates are 1 or more lowercase SHA-256 hex values");
        }
        pinnedSpkis = Set.copyOf(pinnedSpkis);
    }

    /** NVIDIA's intermediate only. */
    public static NrasKeyTrust production() {
        return new NrasKeyTrust(Set.of(INTERMEDIATE_004_SPKI_SHA256));
    }

    /** This trust plus the keys of {@code intermediates} (e.g. NVIDIA's next intermediate, or a test NRAS's). */
    public NrasKeyTrust adding(Collection<X509Certificate> intermediates) {
        Set<String> pins = new TreeSet<>(pinnedSpkis);
        intermediates.forEach(c -> pins.add(spkiSha256(c)));
        return new NrasKeyTrust(pins);
    }

    /** Lowercase hex SHA-256 of a certificate's SubjectPublicKeyInfo (DER), the usual SPKI pin. */
    public static String spkiSha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Why a key must not be trusted for a token issued at {@code issuedAt}.
     *
     * @param failure one of the {@link GpuCheckName#TOKEN_KEY} failures
     * @param detail  the observed values
     */
    public record Problem(GpuFailure failure, String detail) {
    }

    /**
     * @param key      a key of the set, already consistent with its {@code x5c} leaf
     * @param issuedAt the {@code iat} of the token it signed
     * @return the first reason not to trust the key, or empty if NVIDIA's pinned intermediate vouches for it
     */
    public Optional<Problem> check(JsonWebKeySet.Key key, Instant issuedAt) {
        if (key.chain().size() < 2) {
            return problem(GpuFailure.JWKS_KEY_NO_CHAIN, "x5c holds " + key.chain().size()
                    + " certificate(s); the leaf and the NRAS intermediate are required");
        }
        X509Certificate leaf = key.chain().get(0);
        X509Certificate intermediate = key.chain().get(1);
        String spki = spkiSha256(intermediate);
        if (!pinnedSpkis.contains(spki)) {
            return problem(GpuFailure.JWKS_KEY_UNTRUSTED, "x5c[1] " + subject(intermediate) + " has SPKI SHA-256 "
                    + spki + ", not a pinned NRAS intermediate");
        }
        if (!leaf.getIssuerX500Principal().equals(intermediate.getSubjectX500Principal()) || !signedBy(leaf, intermediate)) {
            return problem(GpuFailure.JWKS_KEY_CERT_NOT_SIGNED, "x5c[0] " + subject(leaf) + " (issuer "
                    + leaf.getIssuerX500Principal().getName() + ") is not signed by x5c[1] " + subject(intermediate));
        }
        return validity(key, issuedAt, "the token's iat");
    }

    /**
     * As {@link #check(JsonWebKeySet.Key, Instant)}, and the certificates must also be valid at {@code at}, the
     * instant the token is evaluated at: a retired key whose certificate has lapsed cannot vouch for a token by
     * claiming an old {@code iat}.
     */
    public Optional<Problem> check(JsonWebKeySet.Key key, Instant issuedAt, Instant at) {
        return check(key, issuedAt).or(() -> validity(key, at, "the evaluation instant"));
    }

    private static Optional<Problem> validity(JsonWebKeySet.Key key, Instant instant, String which) {
        for (X509Certificate certificate : key.chain().subList(0, 2)) {
            if (!validAt(certificate, instant)) {
                return problem(GpuFailure.JWKS_KEY_CERT_NOT_VALID, subject(certificate) + " is valid from "
                        + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant()
                        + ", not at " + which + " " + instant);
            }
        }
        return Optional.empty();
    }

    private static boolean signedBy(X509Certificate leaf, X509Certificate issuer) {
        try {
            leaf.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate certificate, Instant at) {
        try {
            certificate.checkValidity(Date.from(at));
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private static String subject(X509Certificate certificate) {
        return "'" + EvidenceVerifier.commonName(certificate) + "'";
    }

    private static Optional<Problem> problem(GpuFailure failure, String detail) {
        return Optional.of(new Problem(failure, detail));
    }
}
