package dev.verifiedproxy.gpu;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claim checks of signature-verified NRAS tokens (gpu.md §2.4-2.6), one method per check.
 */
final class NrasClaims {

    static final String SUBJECT = "NVIDIA-PLATFORM-ATTESTATION";
    static final String OVERALL_RESULT = "x-nvidia-overall-att-result";
    private static final Pattern GPU_NAME = Pattern.compile("GPU-(0|[1-9][0-9]{0,2})");

    /** Boolean claims that must be true in every per-GPU token, claims version 2.0 (gpu.md §2.5). */
    static final List<String> GPU_TRUE_CLAIMS_V2 = List.of(
            "x-nvidia-gpu-arch-check",
            "x-nvidia-gpu-attestation-report-parsed",
            "x-nvidia-gpu-attestation-report-nonce-match",
            "x-nvidia-gpu-attestation-report-signature-verified",
            "x-nvidia-gpu-attestation-report-cert-chain-validated",
            "x-nvidia-gpu-driver-rim-fetched",
            "x-nvidia-gpu-driver-rim-schema-validated",
            "x-nvidia-gpu-driver-rim-cert-validated",
            "x-nvidia-gpu-driver-rim-signature-verified",
            "x-nvidia-gpu-driver-rim-measurements-available",
            "x-nvidia-gpu-vbios-rim-fetched",
            "x-nvidia-gpu-vbios-rim-schema-validated",
            "x-nvidia-gpu-vbios-rim-cert-validated",
            "x-nvidia-gpu-vbios-rim-signature-verified",
            "x-nvidia-gpu-vbios-rim-measurements-available",
            "x-nvidia-gpu-vbios-index-no-conflict",
            "secboot");

    /** Claims version 3.0 replaces the three *-cert(-chain)-validated booleans by objects and adds three. */
    static final List<String> GPU_TRUE_CLAIMS_V3 = List.of(
            "x-nvidia-gpu-arch-check",
            "x-nvidia-gpu-attestation-report-parsed",
            "x-nvidia-gpu-attestation-report-nonce-match",
            "x-nvidia-gpu-attestation-report-signature-verified",
            "x-nvidia-gpu-attestation-report-cert-chain-fwid-match",
            "x-nvidia-gpu-driver-rim-fetched",
            "x-nvidia-gpu-driver-rim-schema-validated",
            "x-nvidia-gpu-driver-rim-signature-verified",
            "x-nvidia-gpu-driver-rim-version-match",
            "x-nvidia-gpu-driver-rim-measurements-available",
            "x-nvidia-gpu-vbios-rim-fetched",
            "x-nvidia-gpu-vbios-rim-schema-validated",
            "x-nvidia-gpu-vbios-rim-signature-verified",
            "x-nvidia-gpu-vbios-rim-version-match",
            "x-nvidia-gpu-vbios-rim-measurements-available",
            "x-nvidia-gpu-vbios-index-no-conflict",
            "secboot");

    static final List<String> GPU_CERT_CHAIN_CLAIMS_V3 = List.of(
            "x-nvidia-gpu-attestation-report-cert-chain",
            "x-nvidia-gpu-driver-rim-cert-chain",
            "x-nvidia-gpu-vbios-rim-cert-chain");

    private NrasClaims() {
    }

    static GpuCheck issuer(List<NrasToken> tokens, String issuer) {
        CheckTally tally = new CheckTally(GpuCheckName.TOKEN_ISSUER);
        for (NrasToken token : tokens) {
            if (!issuer.equals(token.jwt().getIssuer())) {
                tally.fail(GpuFailure.TOKEN_ISSUER_MISMATCH, token.label() + " iss " + token.jwt().getIssuer());
            }
        }
        return tally.result("all " + tokens.size() + " tokens issued by " + issuer);
    }

    /**
     * {@code exp}, {@code nbf} and {@code iat} must be present and hold at {@code at} within the leeway,
     * as java-jwt's verifier judges them (it verifies each signature again, with the algorithm at the same index).
     */
    static GpuCheck validity(List<NrasToken> tokens, List<Algorithm> algorithms, Duration leeway, Instant at) {
        CheckTally tally = new CheckTally(GpuCheckName.TOKEN_VALIDITY);
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        for (int i = 0; i < tokens.size(); i++) {
            NrasToken token = tokens.get(i);
            var verification = (com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(algorithms.get(i))
                    .acceptLeeway(leeway.toSeconds())
                    .withClaimPresence("exp").withClaimPresence("nbf").withClaimPresence("iat");
            try {
                verification.build(clock).verify(token.jwt());
            } catch (TokenExpiredException e) {
                tally.fail(GpuFailure.TOKEN_EXPIRED, token.label() + " expired at " + token.jwt().getExpiresAtAsInstant());
            } catch (MissingClaimException e) {
                tally.fail(GpuFailure.TOKEN_TIME_CLAIM_MISSING, token.label() + " has no " + e.getClaimName());
            } catch (IncorrectClaimException e) {
                if ("iat".equals(e.getClaimName())) {
                    tally.fail(GpuFailure.TOKEN_ISSUED_IN_FUTURE, token.label() + " iat " + token.jwt().getIssuedAtAsInstant());
                } else {
                    tally.fail(GpuFailure.TOKEN_NOT_YET_VALID, token.label() + " " + e.getClaimName() + " "
                            + e.getClaimValue().asInstant());
                }
            } catch (JWTVerificationException e) {
                tally.fail(GpuFailure.TOKEN_NOT_YET_VALID, token.label() + ": " + e.getMessage());
            }
        }
        NrasToken overall = tokens.get(0);
        return tally.result("all " + tokens.size() + " tokens valid at " + at + " (issued "
                + overall.jwt().getIssuedAtAsInstant() + ", expire " + overall.jwt().getExpiresAtAsInstant()
                + ", leeway " + leeway.toSeconds() + "s)");
    }

    static GpuCheck nonce(List<NrasToken> tokens, GpuNonce nonce) {
        CheckTally tally = new CheckTally(GpuCheckName.TOKEN_NONCE);
        for (NrasToken token : tokens) {
            String eatNonce = token.jwt().getClaim("eat_nonce").asString();
            if (!nonce.matchesHex(eatNonce)) {
                tally.fail(GpuFailure.TOKEN_NONCE_MISMATCH, token.label() + " eat_nonce "
                        + (eatNonce == null ? "absent" : eatNonce));
            }
        }
        return tally.result("eat_nonce of all " + tokens.size() + " tokens is " + nonce.hex());
    }

    static GpuCheck claimsVersion(DecodedJWT overall, String expectedVersion) {
        String version = overall.getClaim("x-nvidia-ver").asString();
        String subject = overall.getSubject();
        if (!expectedVersion.equals(version) || !SUBJECT.equals(subject)) {
            return GpuCheck.fail(GpuFailure.CLAIMS_VERSION_UNEXPECTED, "x-nvidia-ver " + version + ", sub " + subject
                    + "; expected " + expectedVersion + ", " + SUBJECT);
        }
        return GpuCheck.pass(GpuCheckName.CLAIMS_VERSION, "x-nvidia-ver " + version + ", sub " + subject);
    }

    static GpuCheck overallResult(DecodedJWT overall) {
        Claim claim = overall.getClaim(OVERALL_RESULT);
        if (!Boolean.TRUE.equals(claim.asBoolean())) {
            return GpuCheck.fail(GpuFailure.OVERALL_RESULT_FALSE, OVERALL_RESULT + " is "
                    + (claim.isMissing() ? "absent" : claim.toString()));
        }
        return GpuCheck.pass(GpuCheckName.OVERALL_RESULT, OVERALL_RESULT + " true");
    }

    /**
     * The overall token's {@code submods} must name exactly the GPU tokens received, one per evidence
     * item ({@code GPU-0} .. {@code GPU-n-1}), each with {@code ["DIGEST", ["SHA-256", hex]]} where hex is
     * the SHA-256 of the token's compact string.
     */
    static GpuCheck submods(DecodedJWT overall, Map<String, String> gpuTokens, int evidenceCount) {
        CheckTally tally = new CheckTally(GpuCheckName.SUBMODS_BINDING);
        Map<String, Object> submods;
        try {
            submods = overall.getClaim("submods").asMap();
        } catch (JWTDecodeException e) {
            submods = null;
        }
        if (submods == null || submods.isEmpty()) {
            tally.fail(GpuFailure.SUBMODS_MALFORMED, "the overall token has no submods object");
            return tally.result("");
        }
        for (String name : new TreeSet<>(submods.keySet())) {
            if (!gpuTokens.containsKey(name)) {
                tally.fail(GpuFailure.GPU_TOKEN_MISSING, "submods names " + name + " but NRAS sent no token for it");
            }
        }
        for (String name : gpuTokens.keySet()) {
            if (!submods.containsKey(name)) {
                tally.fail(GpuFailure.GPU_TOKEN_UNEXPECTED, name + " token is not named in submods");
            }
        }
        if (submods.size() != evidenceCount || gpuTokens.size() != evidenceCount) {
            tally.fail(GpuFailure.SUBMODS_COUNT_MISMATCH, submods.size() + " submods and " + gpuTokens.size()
                    + " GPU tokens for " + evidenceCount + " evidence items");
        }
        for (String name : gpuTokens.keySet()) {
            if (gpuIndex(name).filter(i -> i < evidenceCount).isEmpty()) {
                tally.fail(GpuFailure.GPU_TOKEN_UNEXPECTED, name + " does not name one of the " + evidenceCount
                        + " evidence items");
            }
        }
        for (Map.Entry<String, String> token : gpuTokens.entrySet()) {
            Object entry = submods.get(token.getKey());
            if (entry == null) {
                continue;
            }
            Optional<byte[]> digest = sha256Digest(entry);
            if (digest.isEmpty()) {
                tally.fail(GpuFailure.SUBMODS_MALFORMED, "submods." + token.getKey() + " is not [\"DIGEST\", [\"SHA-256\", hex]]");
            } else if (!MessageDigest.isEqual(digest.get(), sha256(token.getValue()))) {
                tally.fail(GpuFailure.SUBMODS_DIGEST_MISMATCH, "submods." + token.getKey() + " is "
                        + HexFormat.of().formatHex(digest.get()) + ", the token's SHA-256 is "
                        + HexFormat.of().formatHex(sha256(token.getValue())));
            }
        }
        return tally.result(gpuTokens.size() + " GPU tokens, each bound by its SHA-256 in submods");
    }

    /** Every per-GPU appraisal claim as gpu.md §2.6 item 8 requires, for the claims version in use. */
    static GpuCheck gpuClaims(List<NrasToken> gpuTokens, String claimsVersion, GpuArchitecture architecture,
                              GpuExpectations expectations) {
        CheckTally tally = new CheckTally(GpuCheckName.GPU_CLAIMS);
        boolean v3 = claimsVersion.startsWith("3.");
        for (NrasToken token : gpuTokens) {
            DecodedJWT jwt = token.jwt();
            String gpu = token.label();
            Claim error = jwt.getClaim("x-nvidia-error-details");
            if (!error.isMissing() && !error.isNull()) {
                tally.fail(GpuFailure.GPU_ERROR_REPORTED, gpu + " x-nvidia-error-details " + error);
            }
            String measres = jwt.getClaim("measres").asString();
            if (!"success".equals(measres)) {
                tally.fail(GpuFailure.GPU_MEASUREMENTS_MISMATCH, gpu + " measres " + measres);
            }
            List<String> notTrue = (v3 ? GPU_TRUE_CLAIMS_V3 : GPU_TRUE_CLAIMS_V2).stream()
                    .filter(name -> !Boolean.TRUE.equals(jwt.getClaim(name).asBoolean())).toList();
            if (!notTrue.isEmpty()) {
                tally.fail(GpuFailure.GPU_CLAIM_NOT_TRUE, gpu + " not true: " + String.join(", ", notTrue));
            }
            if (v3) {
                for (String name : GPU_CERT_CHAIN_CLAIMS_V3) {
                    certificateStatus(jwt.getClaim(name)).ifPresent(problem ->
                            tally.fail(GpuFailure.GPU_CLAIM_NOT_TRUE, gpu + " " + name + ": " + problem));
                }
            }
            String dbgstat = jwt.getClaim("dbgstat").asString();
            if (!"disabled".equals(dbgstat)) {
                tally.fail(GpuFailure.GPU_CLAIM_NOT_TRUE, gpu + " dbgstat " + dbgstat);
            }
            String hwmodel = jwt.getClaim("hwmodel").asString();
            if (hwmodel == null || !hwmodel.startsWith(architecture.chipPrefix())) {
                tally.fail(GpuFailure.GPU_HWMODEL_UNEXPECTED, gpu + " hwmodel " + hwmodel + ", expected "
                        + architecture.chipPrefix() + "*");
            }
            Claim warning = jwt.getClaim("x-nvidia-attestation-warning");
            if (!warning.isMissing() && !warning.isNull() && !expectations.allowAttestationWarning()) {
                tally.fail(GpuFailure.GPU_ATTESTATION_WARNING, gpu + " x-nvidia-attestation-warning " + warning);
            }
        }
        return tally.result("all " + gpuTokens.size() + " GPUs: measres success, " + (v3 ? GPU_TRUE_CLAIMS_V3.size()
                + " checks and 3 certificate chains" : GPU_TRUE_CLAIMS_V2.size() + " checks") + " true, debug disabled, "
                + "hwmodel " + architecture.chipPrefix() + "*, no error or warning");
    }

    /** Each GPU token is about the GPU whose evidence has the same index: ueid, driver and VBIOS versions. */
    static GpuCheck identity(List<NrasToken> gpuTokens, List<GpuDevice> devices) {
        CheckTally tally = new CheckTally(GpuCheckName.GPU_IDENTITY);
        int matched = 0;
        for (NrasToken token : gpuTokens) {
            Optional<Integer> index = gpuIndex(token.label()).filter(i -> i < devices.size());
            if (index.isEmpty()) {
                continue; // reported by the submods check
            }
            GpuDevice device = devices.get(index.get());
            String ueid = token.jwt().getClaim("ueid").asString();
            if (!device.serialNumber().equals(ueid)) {
                tally.fail(GpuFailure.GPU_UEID_MISMATCH, token.label() + " ueid " + ueid + ", leaf certificate serial "
                        + device.serialNumber());
            }
            String driver = token.jwt().getClaim("x-nvidia-gpu-driver-version").asString();
            String vbios = token.jwt().getClaim("x-nvidia-gpu-vbios-version").asString();
            if (driver == null || !driver.equals(device.driverVersion())
                    || vbios == null || !vbios.equalsIgnoreCase(device.vbiosVersion())) {
                tally.fail(GpuFailure.GPU_VERSION_MISMATCH, token.label() + " driver " + driver + " VBIOS " + vbios
                        + ", evidence driver " + device.driverVersion() + " VBIOS " + device.vbiosVersion());
            }
            matched++;
        }
        return tally.result(matched + " GPU tokens match their evidence (ueid = leaf serial, driver, VBIOS)");
    }

    static Optional<Integer> gpuIndex(String name) {
        Matcher m = GPU_NAME.matcher(name);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static Optional<String> certificateStatus(Claim claim) {
        Map<String, Object> status;
        try {
            status = claim.asMap();
        } catch (JWTDecodeException e) {
            status = null;
        }
        if (status == null) {
            return Optional.of("absent");
        }
        Object cert = status.get("x-nvidia-cert-status");
        Object ocsp = status.get("x-nvidia-cert-ocsp-status");
        return "valid".equals(cert) && "good".equals(ocsp) ? Optional.empty()
                : Optional.of("status " + cert + ", OCSP " + ocsp);
    }

    private static Optional<byte[]> sha256Digest(Object entry) {
        if (entry instanceof List<?> outer && outer.size() == 2 && "DIGEST".equals(outer.get(0))
                && outer.get(1) instanceof List<?> inner && inner.size() == 2 && "SHA-256".equals(inner.get(0))
                && inner.get(1) instanceof String hex && hex.length() == 64) {
            try {
                return Optional.of(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
