package dev.verifiedproxy.gpu;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an NRAS answer (gpu.md §2.6 items 3-9) with java-jwt, in stages that each need the
 * previous one: the detached-EAT shape; every token's algorithm (ES384 only: {@code none}, HMAC
 * and anything else are refused before any key is looked at, which defeats key confusion); every
 * token's key, by {@code kid}, from the NRAS key set; every signature. Only then are claims read:
 * issuer, time, {@code eat_nonce}, claims version, overall result, the {@code submods} binding,
 * the per-GPU appraisal and the per-GPU identity against the locally verified evidence.
 */
public final class NrasTokenVerifier {

    /** What NRAS v3 answers to a request without {@code claims_version}, as NEAR's payload is. */
    public static final String CLAIMS_VERSION_V3_DEFAULT = "2.0";
    static final String ES384 = "ES384";

    private final String issuer;
    private final Duration leeway;
    private final String claimsVersion;
    private final NrasKeyTrust keyTrust;

    /**
     * @param issuer        the pinned {@code iss} of every token
     * @param leeway        clock tolerance for {@code exp}, {@code nbf}, {@code iat}
     * @param claimsVersion the {@code x-nvidia-ver} asked for ("2.0" for NEAR's payload on /v3)
     * @param keyTrust      which intermediates the signing keys must be issued by
     */
    public NrasTokenVerifier(String issuer, Duration leeway, String claimsVersion, NrasKeyTrust keyTrust) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        this.claimsVersion = Objects.requireNonNull(claimsVersion, "claimsVersion");
        this.keyTrust = Objects.requireNonNull(keyTrust, "keyTrust");
        if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("leeway must be between 0 and 5 minutes");
        }
    }

    /**
     * The checks of an NRAS answer.
     *
     * @param checks the checks that ran, in {@link GpuCheckName} order
     * @param keys   the key set the signatures were checked with, once one was obtained
     */
    public record Outcome(List<GpuCheck> checks, Optional<JsonWebKeySet> keys) {
        public Outcome {
            checks = List.copyOf(checks);
            Objects.requireNonNull(keys, "keys");
        }

        /** Whether every stage ran and passed. */
        public boolean ok() {
            return checks.stream().allMatch(GpuCheck::ok)
                    && checks.stream().anyMatch(c -> c.name() == GpuCheckName.GPU_IDENTITY);
        }
    }

    /**
     * @param response     the NRAS answer as received (or stored)
     * @param nonce        the caller's nonce
     * @param devices      the locally verified GPUs, by evidence index
     * @param architecture the architecture the local checks established (the tokens' hwmodel must match it)
     * @param expectations the GPU expectations
     * @param keySource    the NRAS key set (live cache or stored)
     * @param at           the evaluation instant
     */
    public Outcome verify(String response, GpuNonce nonce, List<GpuDevice> devices, GpuArchitecture architecture,
                          GpuExpectations expectations, NrasKeySource keySource, Instant at) {
        List<GpuCheck> checks = new ArrayList<>();
        NrasResponse parsed;
        try {
            parsed = NrasResponse.parse(response);
        } catch (GpuFormatException e) {
            checks.add(GpuCheck.fail(e.reason(), e.getMessage()));
            return new Outcome(checks, Optional.empty());
        }
        checks.add(GpuCheck.pass(GpuCheckName.NRAS_RESPONSE_FORMAT, "detached EAT: overall token and "
                + parsed.gpuTokens().size() + " GPU tokens " + parsed.gpuTokens().keySet()));

        List<NrasToken> tokens = algorithms(parsed, checks);
        if (tokens == null) {
            return new Outcome(checks, Optional.empty());
        }
        KeyStage keyStage = keys(tokens, keySource, at, checks);
        if (keyStage.algorithms == null) {
            return new Outcome(checks, keyStage.keys);
        }
        if (!signatures(tokens, keyStage.algorithms, checks)) {
            return new Outcome(checks, keyStage.keys);
        }

        NrasToken overall = tokens.get(0);
        List<NrasToken> gpuTokens = tokens.subList(1, tokens.size());
        checks.add(NrasClaims.issuer(tokens, issuer));
        checks.add(NrasClaims.validity(tokens, keyStage.algorithms, leeway, at));
        checks.add(NrasClaims.nonce(tokens, nonce));
        checks.add(NrasClaims.claimsVersion(overall.jwt(), claimsVersion));
        checks.add(NrasClaims.overallResult(overall.jwt()));
        checks.add(NrasClaims.submods(overall.jwt(), parsed.gpuTokens(), devices.size()));
        checks.add(NrasClaims.gpuClaims(gpuTokens, claimsVersion, architecture, expectations));
        checks.add(NrasClaims.identity(gpuTokens, devices));
        return new Outcome(checks, keyStage.keys);
    }

    /** Decodes every token and requires ES384; null when any fails. */
    private static List<NrasToken> algorithms(NrasResponse response, List<GpuCheck> checks) {
        CheckTally tally = new CheckTally(GpuCheckName.TOKEN_ALGORITHM);
        List<NrasToken> tokens = new ArrayList<>();
        List<String[]> named = new ArrayList<>();
        named.add(new String[] {NrasToken.OVERALL, response.overallToken()});
        response.gpuTokens().forEach((name, token) -> named.add(new String[] {name, token}));
        for (String[] entry : named) {
            NrasToken token;
            try {
                token = NrasToken.decode(entry[0], entry[1]);
            } catch (GpuFormatException e) {
                tally.fail(e.reason(), e.getMessage());
                continue;
            }
            algorithmProblem(token).ifPresent(failure -> tally.fail(failure, token.label() + " alg "
                    + token.jwt().getAlgorithm()));
            if (!token.jwt().getHeaderClaim("crit").isMissing()) {
                tally.fail(GpuFailure.TOKEN_MALFORMED, token.label() + " has a crit header, which is not supported");
            }
            tokens.add(token);
        }
        checks.add(tally.result("all " + named.size() + " tokens are ES384"));
        return tally.ok() ? tokens : null;
    }

    private static Optional<GpuFailure> algorithmProblem(NrasToken token) {
        String alg = token.jwt().getAlgorithm();
        if (ES384.equals(alg)) {
            return Optional.empty();
        }
        if (alg == null) {
            return Optional.of(GpuFailure.TOKEN_ALG_UNSUPPORTED);
        }
        String upper = alg.toUpperCase(Locale.ROOT);
        if (upper.equals("NONE")) {
            return Optional.of(GpuFailure.TOKEN_ALG_NONE);
        }
        return Optional.of(upper.startsWith("HS") ? GpuFailure.TOKEN_ALG_HMAC : GpuFailure.TOKEN_ALG_UNSUPPORTED);
    }

    private record KeyStage(Optional<JsonWebKeySet> keys, List<Algorithm> algorithms) {
    }

    /**
     * Finds each token's key and requires NVIDIA's pinned intermediate to vouch for it at the token's
     * {@code iat} and at the evaluation instant; the algorithms in token order, or null algorithms when any key
     * is missing or untrusted. The {@code iat} read here is not verified yet, but the signature check that
     * follows covers it; checking at {@code at} too means a retired key whose certificate has lapsed cannot
     * sign a token with a backdated {@code iat}.
     */
    private KeyStage keys(List<NrasToken> tokens, NrasKeySource source, Instant at, List<GpuCheck> checks) {
        CheckTally tally = new CheckTally(GpuCheckName.TOKEN_KEY);
        Set<String> kids = new LinkedHashSet<>();
        for (NrasToken token : tokens) {
            String kid = token.jwt().getKeyId();
            if (kid == null || kid.isEmpty()) {
                tally.fail(GpuFailure.TOKEN_KID_MISSING, token.label() + " has no kid");
            } else {
                kids.add(kid);
            }
        }
        if (!tally.ok()) {
            checks.add(tally.result(""));
            return new KeyStage(Optional.empty(), null);
        }
        JsonWebKeySet keySet;
        try {
            keySet = source.keysFor(kids);
        } catch (NrasKeySource.KeySetUnavailableException e) {
            checks.add(GpuCheck.fail(e.reason(), e.getMessage()));
            return new KeyStage(Optional.empty(), null);
        }
        List<Algorithm> algorithms = new ArrayList<>();
        for (NrasToken token : tokens) {
            String kid = token.jwt().getKeyId();
            Optional<JsonWebKeySet.Key> key = keySet.key(kid);
            if (key.isEmpty()) {
                Optional<JsonWebKeySet.Unusable> unusable = keySet.unusable(kid);
                tally.fail(unusable.map(JsonWebKeySet.Unusable::failure).orElse(GpuFailure.TOKEN_KID_UNKNOWN),
                        token.label() + " kid " + kid + unusable.map(u -> ": " + u.detail()).orElse(" is not in the NRAS "
                                + "key set of " + keySet.kids().size() + " keys"));
                continue;
            }
            Instant issuedAt = token.jwt().getIssuedAtAsInstant();
            Optional<NrasKeyTrust.Problem> untrusted = issuedAt == null
                    ? Optional.of(new NrasKeyTrust.Problem(GpuFailure.JWKS_KEY_CERT_NOT_VALID,
                            "the token has no iat to check its key's certificates at"))
                    : keyTrust.check(key.get(), issuedAt, at);
            if (untrusted.isPresent()) {
                tally.fail(untrusted.get().failure(), token.label() + " kid " + kid + ": " + untrusted.get().detail());
                continue;
            }
            algorithms.add(Algorithm.ECDSA384(key.get().publicKey(), null));
        }
        checks.add(tally.result("all " + tokens.size() + " tokens name a key of the NRAS key set issued by a pinned "
                + "NRAS intermediate: " + kids));
        return new KeyStage(Optional.of(keySet), tally.ok() ? algorithms : null);
    }

    private static boolean signatures(List<NrasToken> tokens, List<Algorithm> algorithms, List<GpuCheck> checks) {
        CheckTally tally = new CheckTally(GpuCheckName.TOKEN_SIGNATURE);
        for (int i = 0; i < tokens.size(); i++) {
            NrasToken token = tokens.get(i);
            try {
                algorithms.get(i).verify(token.jwt());
            } catch (SignatureVerificationException e) {
                tally.fail(GpuFailure.TOKEN_SIGNATURE_INVALID, token.label() + " signature does not verify with kid "
                        + token.jwt().getKeyId());
            }
        }
        checks.add(tally.result("all " + tokens.size() + " ES384 signatures verify"));
        return tally.ok();
    }
}
