package dev.verifiedproxy.gpu;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GPU attestation of one model backend: parse {@code nvidia_payload}, run the local evidence checks
 * and, only if they all pass, have NRAS appraise the evidence and verify its tokens. Three entry
 * points share these steps:
 * <ul>
 *   <li>{@link #verify}: live, posting the payload to NRAS and checking with its current key set;</li>
 *   <li>{@link #verifyOffline}: a stored NRAS answer and key set (evidence bundles), no network;</li>
 *   <li>{@link #verifyEvidence}: the local checks alone, no NRAS.</li>
 * </ul>
 * Every input is explicit: the payload, the caller's nonce, the expectations and the evaluation
 * instant. Nothing here reads a clock or performs I/O other than through the {@link NrasClient} and
 * {@link NrasKeySource} given to the constructor. Thread-safe.
 */
public final class GpuVerifier {

    private final GpuTrust trust;
    private final EvidenceVerifier evidence;
    private final NrasTokenVerifier tokens;
    private final NrasClient nras;
    private final NrasKeySource keys;

    /** A verifier for {@link #verifyOffline} and {@link #verifyEvidence} only. */
    public GpuVerifier(GpuTrust trust) {
        this(trust, null, null);
    }

    /** A verifier for all three entry points. */
    public GpuVerifier(GpuTrust trust, NrasClient nras, NrasKeySource keys) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.evidence = new EvidenceVerifier(trust.deviceRoot());
        this.tokens = new NrasTokenVerifier(trust.nrasIssuer(), trust.tokenLeeway(), trust.claimsVersion(),
                trust.nrasKeys());
        this.nras = nras;
        this.keys = keys;
    }

    public GpuTrust trust() {
        return trust;
    }

    /**
     * Local checks, then a live NRAS appraisal of the unchanged payload.
     *
     * @param payload      {@code nvidia_payload} exactly as the report carries it (a JSON string's value)
     * @param nonce        the nonce the proxy sent, 64 hex characters
     * @param expectations the VM's stated GPU count and firmware allow-lists; which GPU counts and architectures
     *                     are acceptable is decided on the result's facts, not here
     * @param at           the evaluation instant (normally now)
     * @throws IllegalStateException if this verifier was built without an NRAS client
     */
    public GpuResult verify(String payload, String nonce, GpuExpectations expectations, Instant at) {
        if (nras == null || keys == null) {
            throw new IllegalStateException("this GpuVerifier has no NRAS client; use verifyOffline or verifyEvidence");
        }
        Local local = local(payload, nonce, expectations, at);
        if (!local.ok()) {
            return local.result(GpuResult.Mode.NRAS_LIVE);
        }
        NrasClient.Reply reply;
        try {
            reply = nras.attest(local.payload.raw());
        } catch (NrasClient.NrasException e) {
            local.checks.add(GpuCheck.fail(e.reason(), e.getMessage()));
            return local.result(GpuResult.Mode.NRAS_LIVE);
        }
        local.checks.add(GpuCheck.pass(GpuCheckName.NRAS_EXCHANGE, "HTTP 200 from " + nras.settings().attestUrl()
                + " after " + reply.attempts() + " attempt(s)"));
        return appraise(local, reply.body(), keys, GpuResult.Mode.NRAS_LIVE);
    }

    /**
     * Local checks, then a stored NRAS answer checked with a stored key set, as an evidence bundle
     * holds them. No network.
     *
     * @param nrasResponse the stored NRAS answer (JSON array text)
     * @param jwks         the stored NRAS key set (JSON object text)
     */
    public GpuResult verifyOffline(String payload, String nonce, String nrasResponse, String jwks,
                                   GpuExpectations expectations, Instant at) {
        Local local = local(payload, nonce, expectations, at);
        if (!local.ok()) {
            return local.result(GpuResult.Mode.NRAS_OFFLINE);
        }
        if (nrasResponse == null) {
            local.checks.add(GpuCheck.fail(GpuFailure.NRAS_UNREACHABLE, "the evidence holds no NRAS answer"));
            return local.result(GpuResult.Mode.NRAS_OFFLINE);
        }
        local.checks.add(GpuCheck.pass(GpuCheckName.NRAS_EXCHANGE, "stored NRAS answer (offline)"));
        NrasKeySource stored = kids -> {
            if (jwks == null) {
                throw new NrasKeySource.KeySetUnavailableException(GpuFailure.JWKS_UNAVAILABLE,
                        "the evidence holds no NRAS key set");
            }
            try {
                return JsonWebKeySet.parse(jwks);
            } catch (GpuFormatException e) {
                throw new NrasKeySource.KeySetUnavailableException(e.reason(), e.getMessage());
            }
        };
        return appraise(local, nrasResponse, stored, GpuResult.Mode.NRAS_OFFLINE);
    }

    /** The local evidence checks alone: no NRAS, no network. */
    public GpuResult verifyEvidence(String payload, String nonce, GpuExpectations expectations, Instant at) {
        Local local = local(payload, nonce, expectations, at);
        return local.result(GpuResult.Mode.EVIDENCE_ONLY, local.ok());
    }

    private Local local(String payload, String nonceHex, GpuExpectations expectations, Instant at) {
        GpuNonce nonce = GpuNonce.ofHex(nonceHex);
        Objects.requireNonNull(expectations, "expectations");
        Objects.requireNonNull(at, "at");
        Local local = new Local(nonce, expectations, at);
        try {
            local.payload = NvidiaPayload.parse(payload);
        } catch (GpuFormatException e) {
            local.checks.add(GpuCheck.fail(e.reason(), e.getMessage()));
            return local;
        }
        EvidenceItem.Encoding encoding = local.payload.evidenceList().get(0).encoding();
        local.checks.add(GpuCheck.pass(GpuCheckName.PAYLOAD_FORMAT, local.payload.evidenceList().size()
                + " evidence items (" + encoding + "), arch " + local.payload.arch()));
        EvidenceVerifier.Outcome outcome = evidence.verify(local.payload, nonce, expectations, at);
        local.checks.addAll(outcome.checks());
        local.devices = outcome.devices();
        local.architecture = outcome.architecture();
        return local;
    }

    private GpuResult appraise(Local local, String response, NrasKeySource keySource, GpuResult.Mode mode) {
        // Local checks all passed to get here, so the architecture is established.
        NrasTokenVerifier.Outcome outcome = tokens.verify(response, local.nonce, local.devices,
                local.architecture.orElseThrow(), local.expectations, keySource, local.at);
        local.checks.addAll(outcome.checks());
        local.nras = new NrasEvidence(response, outcome.keys().map(JsonWebKeySet::json).orElse(null));
        return local.result(mode, outcome.ok() && local.ok());
    }

    /** The state of one verification as it goes through the stages. */
    private static final class Local {
        final GpuNonce nonce;
        final GpuExpectations expectations;
        final Instant at;
        final List<GpuCheck> checks = new ArrayList<>();
        NvidiaPayload payload;
        List<GpuDevice> devices = List.of();
        Optional<GpuArchitecture> architecture = Optional.empty();
        NrasEvidence nras;

        Local(GpuNonce nonce, GpuExpectations expectations, Instant at) {
            this.nonce = nonce;
            this.expectations = expectations;
            this.at = at;
        }

        boolean ok() {
            return payload != null && checks.stream().allMatch(GpuCheck::ok);
        }

        /** A result that is not verified: a stage failed before the last one ran. */
        GpuResult result(GpuResult.Mode mode) {
            return result(mode, false);
        }

        GpuResult result(GpuResult.Mode mode, boolean verified) {
            return new GpuResult(mode, verified, checks, devices, Optional.ofNullable(nras), architecture);
        }
    }
}
