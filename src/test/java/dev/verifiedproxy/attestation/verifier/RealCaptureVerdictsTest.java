package dev.verifiedproxy.attestation.verifier;

import dev.verifiedproxy.attestation.BindingFailure;
import dev.verifiedproxy.attestation.EvidenceBundle;
import dev.verifiedproxy.attestation.Nonce;
import dev.verifiedproxy.attestation.GatewayReport;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.collateral.StaticCollateralSource;
import dev.verifiedproxy.dcap.DcapOptions;
import dev.verifiedproxy.dcap.DcapResult;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.collateral.TcbStatus;
import dev.verifiedproxy.dcap.DcapFailure;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.eventlog.ComposeFailure;
import dev.verifiedproxy.gpu.GpuFailure;
import dev.verifiedproxy.gpu.GpuTrust;
import dev.verifiedproxy.gpu.GpuVerifier;
import dev.verifiedproxy.policy.AttestationPolicy;
import dev.verifiedproxy.policy.PolicyFailure;
import dev.verifiedproxy.policy.PolicyLoader;
import dev.verifiedproxy.policy.PolicyObserver;
import dev.verifiedproxy.policy.PolicyParser;
import dev.verifiedproxy.policy.PolicyValidationException;
import dev.verifiedproxy.testing.CaptureEvidence;
import dev.verifiedproxy.testing.RealComponents;
import dev.verifiedproxy.testing.RealComponents.Capture;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Component;
import dev.verifiedproxy.verdict.Outcome;
import dev.verifiedproxy.verdict.Reason;
import dev.verifiedproxy.verdict.Role;
import dev.verifiedproxy.verdict.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real NEAR captures through the whole verdict, fully offline at their capture time, with the Intel
 * collateral and NVIDIA answers each capture recorded (Intel's pinned root, NVIDIA's pinned device root and
 * NRAS issuer): the 2026-06-29 gateway and direct captures verify, every check named; the 2026-04-24 captures
 * and the nearai verifier fixture pass every check their data allows, and each failure is asserted with its
 * reason.
 */
class RealCaptureVerdictsTest {

    static final List<String> GATEWAY_CHECKS = List.of("policy_profile", "intel_quote", "signing_key", "request_nonce",
            "report_data", "live_tls_spki", "tls_certificate", "rtmr0_replay", "rtmr1_replay", "rtmr2_replay", "rtmr3_replay",
            "runtime_event_digests", "runtime_events", "compose_hash_event", "compose_hash_claims", "mr_config_id",
            "info_app_id", "info_instance_id", "info_os_image_hash", "info_key_provider", "info_device_id",
            "info_mr_aggregated", "info_tcb_registers", "info_event_log_copy", "tcb_status", "td_debug", "td_attributes",
            "zero_fields", "mr_seam", "boot_measurements", "required_events", "post_boot_events", "app_id", "key_provider",
            "compose_pinning", "images_digest_pinned", "report_data_layout");
    static final List<String> GPU_CHECKS = List.of("gpu_payload_format", "gpu_payload_nonce", "gpu_count",
            "gpu_architecture", "gpu_evidence_nonce", "gpu_device_cert_chain", "gpu_evidence_signature", "gpu_fwid",
            "gpu_firmware_versions", "gpu_nras_exchange", "gpu_nras_response_format", "gpu_token_algorithm", "gpu_token_key",
            "gpu_token_signature", "gpu_token_issuer", "gpu_token_validity", "gpu_token_nonce", "gpu_claims_version",
            "gpu_overall_result", "gpu_submods_binding", "gpu_claims", "gpu_identity", "gpu_count_allowed",
            "gpu_architecture_allowed");
    static final List<String> COMPOSE_MANAGER_CHECKS = List.of("policy_profile", "intel_quote", "actions_hash", "report_data",
            "same_measurements_as_model", "same_device_as_model", "rtmr0_replay", "rtmr1_replay", "rtmr2_replay",
            "rtmr3_replay", "runtime_event_digests", "tcb_status", "td_debug", "compose_manager_files", "compose_manager_image");

    /** The gateway's checks without the two that only the CVM serving the TLS connection has, plus GPU ones. */
    static List<String> modelChecks(boolean servedTheConnection) {
        List<String> names = new ArrayList<>(GATEWAY_CHECKS);
        names.remove("tls_certificate");
        if (!servedTheConnection) {
            names.remove("live_tls_spki");
        }
        names.addAll(GPU_CHECKS);
        names.add("compose_manager_present");
        return names;
    }

    static AttestationVerifier verifier(AttestationPolicy policy, boolean observe) {
        return new AttestationVerifier(DcapVerifier.withIntelRootCa(), new GpuVerifier(GpuTrust.production()), policy, observe);
    }

    /** The policy observe mode writes for a bundle, parsed back as an operator would paste it. */
    static AttestationPolicy observedPolicy(EvidenceBundle bundle) {
        JsonObject document = verifier(PolicyLoader.defaultPolicy(), true).verifyOffline(bundle).observedPolicy().orElseThrow();
        try {
            return PolicyParser.parse(PolicyObserver.pretty(document).getBytes(StandardCharsets.UTF_8), "observed");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e);
        }
    }

    /** Failed checks as "role/check=reason_code", in order. */
    static List<String> failures(Verdict verdict) {
        List<String> out = new ArrayList<>();
        for (Component c : verdict.components()) {
            c.failures().forEach(f -> out.add(c.role().json() + "/" + f.name() + "=" + f.reason().code()));
        }
        return out;
    }

    static Check check(Verdict verdict, Role role, String name) {
        return verdict.components().stream().filter(c -> c.role() == role).findFirst().orElseThrow()
                .find(name).orElseThrow(() -> new AssertionError("no check " + name));
    }

    static void assertFails(Reason reason, Check check) {
        assertEquals(Outcome.FAIL, check.outcome(), check.toJson().toString());
        assertEquals(reason, check.reason(), check.toJson().toString());
    }

    private static void assertVerifiedWithEveryCheckPinned(Capture capture, List<Role> roles, List<List<String>> names) {
        EvidenceBundle bundle = CaptureEvidence.bundle(capture);
        AttestationPolicy policy = observedPolicy(bundle);
        Verification verification = verifier(policy, false).verifyOffline(bundle);
        Verdict verdict = verification.verdict();
        assertTrue(verdict.verified(), capture.name() + ": " + failures(verdict));
        assertEquals(policy.digest(), verdict.policyDigest());
        assertEquals(capture.at(), verdict.at());
        assertEquals(roles, verdict.components().stream().map(Component::role).toList());
        for (int i = 0; i < roles.size(); i++) {
            Component component = verdict.components().get(i);
            assertEquals(names.get(i), component.checks().stream().map(Check::name).toList(), capture.name() + " " + roles.get(i));
            // Observe mode pinned everything the capture shows: nothing is left "not pinned".
            for (Check c : component.checks()) {
                assertEquals(Outcome.PASS, c.outcome(), capture.name() + " " + c.toJson());
            }
        }
        assertEquals(Optional.of(TcbStatus.UP_TO_DATE), verification.tcbStatus());
        // NRAS tokens last an hour and came a few seconds before the report: they bound the verdict.
        Instant until = verification.validUntil().orElseThrow();
        assertTrue(until.isAfter(capture.at().plus(Duration.ofMinutes(55))) && !until.isAfter(capture.at().plusSeconds(3600)),
                until.toString());
    }

    @Test
    void theJuneGatewayCaptureVerifiesOfflineWithEveryCheckNamed() {
        assertVerifiedWithEveryCheckPinned(RealComponents.CLOUD_0629, List.of(Role.GATEWAY, Role.MODEL, Role.COMPOSE_MANAGER),
                List.of(GATEWAY_CHECKS, modelChecks(false), COMPOSE_MANAGER_CHECKS));
    }

    @Test
    void theJuneDirectCaptureVerifiesOfflineWithEveryCheckNamed() {
        assertVerifiedWithEveryCheckPinned(RealComponents.DIRECT_0629, List.of(Role.MODEL, Role.COMPOSE_MANAGER),
                List.of(modelChecks(true), COMPOSE_MANAGER_CHECKS));
    }

    /**
     * The verdict reports the values expected-results.json recomputed independently for each June CVM: each check
     * passed (under the policy observe mode writes, which pins them) and names exactly that value.
     */
    @Test
    void theJuneVerdictsReportTheIndependentlyRecomputedValues() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0629);
        Verdict verdict = verifier(observedPolicy(bundle), false).verifyOffline(bundle).verdict();
        for (Map.Entry<Role, String> part : Map.of(Role.GATEWAY, "gateway", Role.MODEL, "model_attestations[0]").entrySet()) {
            JsonObject expected = dev.verifiedproxy.testing.Captures.expected(RealComponents.CLOUD_0629.report(), part.getValue());
            Role role = part.getKey();
            assertPassedWith("compose hash " + expected.getJsonObject("compose").getString("sha256_app_compose") + " pinned",
                    check(verdict, role, "compose_pinning"));
            assertPassedWith("info.mr_aggregated = mr_aggregated recomputed from the quote = "
                    + expected.getJsonObject("derived").getString("mr_aggregated"), check(verdict, role, "info_mr_aggregated"));
            Check deviceId = check(verdict, role, "info_device_id");
            assertEquals(Outcome.PASS, deviceId.outcome(), deviceId.toJson().toString());
            assertTrue(deviceId.detail().endsWith(" = SHA-256(quote header user data) = "
                    + expected.getJsonObject("derived").getString("device_id_sha256_header_user_data")), deviceId.detail());
            JsonObject log = expected.getJsonObject("event_log");
            for (int i = 0; i < 4; i++) {
                assertPassedWith(log.getJsonArray("per_imr_count").getInt(i) + " entries replay to the quote's RTMR" + i + " "
                        + log.getJsonObject("replayed").getString("rtmr" + i), check(verdict, role, "rtmr" + i + "_replay"));
            }
            assertPassedWith("MR_SEAM " + expected.getJsonObject("quote").getString("mr_seam") + " allowed",
                    check(verdict, role, "mr_seam"));
        }
    }

    private static void assertPassedWith(String detail, Check check) {
        assertEquals(Outcome.PASS, check.outcome(), check.toJson().toString());
        assertEquals(detail, check.detail());
    }

    /**
     * The FMSPC each June quote's PCK certificate names, as the DCAP step reads it: the gateway's platform is
     * B0C06F000000, the model's 90C06F000000 (samples/dstack/README.txt has them the other way round), and the
     * collateral the capture fetched for each is the one that verifies it.
     */
    @Test
    void theJuneQuotesNameTheirPlatformsFmspc() throws Exception {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0629);
        Map<CollateralKey, QuoteCollateral> collateral = new java.util.LinkedHashMap<>();
        for (JsonObject json : bundle.collateral()) {
            QuoteCollateral c = CollateralJson.quoteCollateral(json);
            collateral.put(CollateralKey.of(c), c);
        }
        DcapService dcap = new DcapService(DcapVerifier.withIntelRootCa(), new StaticCollateralSource(collateral));
        GatewayReport report = (GatewayReport) bundle.parsedReport();
        Map<String, String> fmspcs = new TreeMap<>();
        for (Map.Entry<String, String> quote : Map.of("gateway", report.gateway().intelQuote(),
                "model", report.models().get(0).intelQuote()).entrySet()) {
            DcapResult result = dcap.verify(Hex.decode(quote.getValue()).orElseThrow(), null, bundle.at(), DcapOptions.DEFAULT);
            assertTrue(result.verified(), result.toString());
            fmspcs.put(quote.getKey(), result.pck().fmspc().hex().toUpperCase(java.util.Locale.ROOT));
        }
        assertEquals(Map.of("gateway", "B0C06F000000", "model", "90C06F000000"), fmspcs);
    }

    /** Under the built-in default policy too: it pins no measurement, and the June captures meet all it enforces. */
    @Test
    void theJuneCapturesVerifyUnderTheDefaultPolicy() {
        for (Capture capture : List.of(RealComponents.CLOUD_0629, RealComponents.DIRECT_0629)) {
            Verdict verdict = verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(CaptureEvidence.bundle(capture)).verdict();
            assertTrue(verdict.verified(), capture.name() + ": " + failures(verdict));
            assertEquals(PolicyLoader.defaultPolicy().digest(), verdict.policyDigest());
        }
    }

    /** A day later the NRAS tokens have expired (Intel's collateral still holds): only the GPU token check fails. */
    @Test
    void aDayLaterOnlyTheNrasTokensHaveExpired() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.DIRECT_0629);
        EvidenceBundle later = new EvidenceBundle(bundle.report(), bundle.nonce(), bundle.at().plus(Duration.ofDays(1)),
                bundle.tlsSpkiSha256(), bundle.collateral(), bundle.nras(), bundle.host());
        Verdict verdict = verifier(observedPolicy(bundle), false).verifyOffline(later).verdict();
        assertEquals(List.of("model/gpu_token_validity=token_expired"), failures(verdict));
    }

    /**
     * 2026-04-24 through the gateway: Intel's collateral says the gateway's platform was OutOfDate that day (five
     * advisories), which the policy (UpToDate only) refuses; and the capture recorded no live TLS key, so nothing
     * shows that the gateway whose report this is served the connection. Everything else, the model's GPUs included,
     * passes.
     */
    @Test
    void theAprilGatewayCaptureFailsOnItsPlatformsTcbStatusAndItsUnrecordedTlsKey() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0424);
        Verdict verdict = verifier(observedPolicy(bundle), false).verifyOffline(bundle).verdict();
        assertEquals(List.of("gateway/live_tls_spki=tls_spki_not_recorded", "gateway/tcb_status=tcb_status_not_allowed"),
                failures(verdict));
        assertFails(BindingFailure.TLS_SPKI_NOT_RECORDED, check(verdict, Role.GATEWAY, "live_tls_spki"));
        assertFails(PolicyFailure.TCB_STATUS_NOT_ALLOWED, check(verdict, Role.GATEWAY, "tcb_status"));
        assertEquals(Outcome.PASS, check(verdict, Role.GATEWAY, "intel_quote").outcome());
        assertEquals(Outcome.PASS, check(verdict, Role.GATEWAY, "tls_certificate").outcome());
        assertEquals(Outcome.PASS, check(verdict, Role.MODEL, "gpu_identity").outcome());
        // April's compose-manager log predates compose_manager_started: which image runs is not recorded.
        assertEquals(Outcome.NOT_PINNED, check(verdict, Role.COMPOSE_MANAGER, "compose_manager_image").outcome());
    }

    /** The five advisories of the April gateway's OutOfDate TCB level (INTEL-SA-01036 ... 01111). */
    private static final List<String> APRIL_ADVISORIES = List.of("INTEL-SA-01036", "INTEL-SA-01079", "INTEL-SA-01099",
            "INTEL-SA-01103", "INTEL-SA-01111");

    /** The April gateway's observed policy with its profile accepting OutOfDate within {@code graceDays}. */
    private static AttestationPolicy aprilPolicyWithGrace(EvidenceBundle bundle, int graceDays) {
        JsonObject document = verifier(PolicyLoader.defaultPolicy(), true).verifyOffline(bundle).observedPolicy().orElseThrow();
        JsonObject profiles = document.getJsonObject("profiles");
        String gateway = profiles.keySet().stream().filter(k -> k.startsWith("observed-gateway")).findFirst().orElseThrow();
        JsonObject profile = profiles.getJsonObject(gateway);
        JsonObject platform = Json.createObjectBuilder(profile.getJsonObject("platform")).add("tcbStatus", Json.createObjectBuilder()
                .add("allow", Json.createArrayBuilder().add("UpToDate").add("OutOfDate"))
                .add("outOfDateGraceDays", graceDays)
                .add("allowAdvisoryIds", Json.createArrayBuilder(APRIL_ADVISORIES))).build();
        JsonObject changed = Json.createObjectBuilder(document).add("profiles", Json.createObjectBuilder(profiles)
                .add(gateway, Json.createObjectBuilder(profile).add("platform", platform))).build();
        try {
            return PolicyParser.parse(PolicyObserver.pretty(changed).getBytes(StandardCharsets.UTF_8), "grace");
        } catch (PolicyValidationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * outOfDateGraceDays on real data: the April gateway (TEE_TCB_SVN 0b010200...) reaches the 2024-03-13 level of
     * its TCB info but not the UpToDate 2024-11-13 one, so it has been out of date since 2024-11-13T00:00:00Z, 527
     * days and two hours before the capture. A grace of 528 days accepts its status, 527 refuses it.
     */
    @Test
    void theAprilGatewayIsOutOfDateSinceItsNewerLevelsTcbDate() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.CLOUD_0424);
        Verdict within = verifier(aprilPolicyWithGrace(bundle, 528), false).verifyOffline(bundle).verdict();
        Check accepted = check(within, Role.GATEWAY, "tcb_status");
        assertEquals(Outcome.PASS, accepted.outcome(), accepted.toJson().toString());
        assertEquals("status OutOfDate, advisories " + APRIL_ADVISORIES + ", out of date since 2024-11-13T00:00:00Z allowed",
                accepted.detail());
        assertEquals(List.of("gateway/live_tls_spki=tls_spki_not_recorded"), failures(within));
        Verdict expired = verifier(aprilPolicyWithGrace(bundle, 527), false).verifyOffline(bundle).verdict();
        assertFails(PolicyFailure.OUT_OF_DATE_GRACE_EXPIRED, check(expired, Role.GATEWAY, "tcb_status"));
        // The model's platform was UpToDate that day: no date, and the grace rule does not apply to it.
        assertEquals("status UpToDate, advisories [] allowed", check(within, Role.MODEL, "tcb_status").detail());
    }

    /**
     * 2026-04-24 direct: only the report was captured, no Intel collateral, no NRAS answer, no live TLS key; so the
     * quotes cannot be DCAP-verified (and no TCB status is known), the GPU evidence is not appraised and the TLS
     * binding of the model that served the connection is not shown. Every other check passes.
     */
    @Test
    void theAprilDirectCaptureLacksCollateralNrasAndTheLiveKey() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.DIRECT_0424);
        assertEquals(List.of(), bundle.collateral());
        Verdict verdict = verifier(observedPolicy(bundle), false).verifyOffline(bundle).verdict();
        assertEquals(List.of("model/intel_quote=collateral_unavailable", "model/live_tls_spki=tls_spki_not_recorded",
                "model/tcb_status=quote_not_verified", "model/gpu_nras_exchange=nras_unreachable",
                "composeManager/intel_quote=collateral_unavailable", "composeManager/tcb_status=quote_not_verified"),
                failures(verdict));
        assertFails(DcapFailure.COLLATERAL_UNAVAILABLE, check(verdict, Role.MODEL, "intel_quote"));
        assertFails(PolicyFailure.QUOTE_NOT_VERIFIED, check(verdict, Role.MODEL, "tcb_status"));
        assertFails(GpuFailure.NRAS_UNREACHABLE, check(verdict, Role.MODEL, "gpu_nras_exchange"));
        assertFails(BindingFailure.TLS_SPKI_NOT_RECORDED, check(verdict, Role.MODEL, "live_tls_spki"));
        // The local GPU evidence checks need no NVIDIA answer: all eight GPUs signed the client's nonce.
        assertEquals(Outcome.PASS, check(verdict, Role.MODEL, "gpu_evidence_signature").outcome());
    }

    /**
     * The same direct capture with the Intel collateral the 04-24 gateway capture fetched four minutes earlier
     * (same FMSPC 90c06f000000, same day): both quotes verify (this platform's TCB was UpToDate), and only the
     * missing NRAS answer and live TLS key remain.
     */
    @Test
    void theAprilDirectCaptureWithThatDaysCollateralVerifiesItsQuotes() {
        EvidenceBundle direct = CaptureEvidence.bundle(RealComponents.DIRECT_0424);
        EvidenceBundle withCollateral = new EvidenceBundle(direct.report(), direct.nonce(), direct.at(), direct.tlsSpkiSha256(),
                CaptureEvidence.bundle(RealComponents.CLOUD_0424).collateral(), direct.nras(), direct.host());
        Verdict verdict = verifier(observedPolicy(withCollateral), false).verifyOffline(withCollateral).verdict();
        assertEquals(Outcome.PASS, check(verdict, Role.MODEL, "intel_quote").outcome());
        assertEquals(Outcome.PASS, check(verdict, Role.COMPOSE_MANAGER, "intel_quote").outcome());
        assertEquals(List.of("model/live_tls_spki=tls_spki_not_recorded", "model/gpu_nras_exchange=nras_unreachable"),
                failures(verdict));
    }

    /**
     * nearai-cloud-verifier's fixture (gateway shape, ecdsa, plain report data, April 2026): no collateral, no NRAS
     * answer, no recorded capture instant or TLS key. Every check the data allows passes; observe mode saw plain
     * mode and wrote a policy that accepts it (so the missing live TLS key is only a warning: plain mode binds none),
     * the default policy refuses both.
     */
    @Test
    void theVerifierFixturePassesEveryCheckItsDataAllows() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.FIXTURE_01);
        Verdict verdict = verifier(observedPolicy(bundle), false).verifyOffline(bundle).verdict();
        assertEquals(List.of("gateway/intel_quote=collateral_unavailable", "gateway/tcb_status=quote_not_verified",
                "model/intel_quote=collateral_unavailable", "model/tcb_status=quote_not_verified",
                "model/gpu_nras_exchange=nras_unreachable", "composeManager/intel_quote=collateral_unavailable",
                "composeManager/tcb_status=quote_not_verified"), failures(verdict));
        Check live = check(verdict, Role.GATEWAY, "live_tls_spki");
        assertEquals(Outcome.WARNED, live.outcome());
        assertEquals(BindingFailure.TLS_SPKI_NOT_RECORDED, live.reason());
        Verdict strict = verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(bundle).verdict();
        assertFails(PolicyFailure.TLS_BINDING_REQUIRED, check(strict, Role.GATEWAY, "report_data_layout"));
        assertFails(BindingFailure.TLS_SPKI_NOT_RECORDED, check(strict, Role.GATEWAY, "live_tls_spki"));
    }

    /** dstack's simulator pair as a direct report: its app-compose.json is not what was measured. */
    @Test
    void theDstackSimulatorPairFailsComposeBinding() {
        String quote = Samples.text("dstack/dstack-simulator/quote.hex").strip();
        String reportData = quote.substring(568 * 2, 632 * 2);
        JsonObject report = Json.createObjectBuilder()
                .add("model_name", "dstack-simulator")
                .add("signing_address", "0x" + reportData.substring(0, 40))
                .add("signing_algo", "ecdsa")
                .add("request_nonce", reportData.substring(64))
                .add("intel_quote", quote)
                .add("event_log", Json.createReader(new java.io.StringReader(Samples.text("dstack/dstack-simulator/eventlog.json")))
                        .readArray())
                .add("info", Json.createObjectBuilder().add("tcb_info", Json.createObjectBuilder()
                        .add("app_compose", Samples.text("dstack/dstack-simulator/app-compose.json"))))
                .build();
        EvidenceBundle bundle = new EvidenceBundle(report, new Nonce(reportData.substring(64)),
                java.time.Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), List.of(), Optional.empty());
        Verdict verdict = verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(bundle).verdict();
        assertFalse(verdict.verified());
        assertFails(ComposeFailure.COMPOSE_EVENT_MISMATCH, check(verdict, Role.MODEL, "compose_hash_event"));
        assertFails(ComposeFailure.MR_CONFIG_ID_ZERO, check(verdict, Role.MODEL, "mr_config_id"));
        // Its log replays: the failure is the binding, not the measurements.
        assertEquals(Outcome.PASS, check(verdict, Role.MODEL, "rtmr3_replay").outcome());
    }

    /** Every capture's verdict in one table, for the issue note. */
    @Test
    void summary() {
        Map<String, String> table = new TreeMap<>();
        for (Capture capture : RealComponents.ALL) {
            EvidenceBundle bundle = CaptureEvidence.bundle(capture);
            Verdict verdict = verifier(observedPolicy(bundle), false).verifyOffline(bundle).verdict();
            table.put(capture.name(), (verdict.verified() ? "verified" : "not verified " + failures(verdict)));
        }
        table.forEach((k, v) -> System.out.println(k + ": " + v));
        assertEquals("verified", table.get(RealComponents.CLOUD_0629.name()));
        assertEquals("verified", table.get(RealComponents.DIRECT_0629.name()));
    }

    /**
     * A June bundle stripped of its live SPKI no longer proves the TLS binding of the component that served it: under
     * the default policy (TLS binding required) that component fails live_tls_spki, and nothing else changes.
     */
    @Test
    void aBundleWithoutTheLiveSpkiFailsTheLiveTlsCheck() {
        for (Capture capture : List.of(RealComponents.CLOUD_0629, RealComponents.DIRECT_0629)) {
            EvidenceBundle bundle = CaptureEvidence.bundle(capture);
            EvidenceBundle stripped = new EvidenceBundle(bundle.report(), bundle.nonce(), bundle.at(), Optional.empty(),
                    bundle.collateral(), bundle.nras(), bundle.host());
            Verification verification = verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(stripped);
            Role served = capture == RealComponents.CLOUD_0629 ? Role.GATEWAY : Role.MODEL;
            assertFalse(verification.verdict().verified());
            assertEquals(List.of(served.json() + "/live_tls_spki=tls_spki_not_recorded"), failures(verification.verdict()));
            assertEquals(Optional.empty(), verification.validUntil(), "an unverified verdict has no validity");
        }
    }

    @Test
    void bindingFailuresKeepTheirReasons() {
        EvidenceBundle bundle = CaptureEvidence.bundle(RealComponents.DIRECT_0629);
        EvidenceBundle otherSpki = new EvidenceBundle(bundle.report(), bundle.nonce(), bundle.at(), Optional.of("00".repeat(32)),
                bundle.collateral(), bundle.nras(), bundle.host());
        assertFails(BindingFailure.TLS_FINGERPRINT_MISMATCH,
                check(verifier(PolicyLoader.defaultPolicy(), false).verifyOffline(otherSpki).verdict(), Role.MODEL, "live_tls_spki"));
    }
}
