package dev.verifiedproxy.eventlog;

import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoEqualitiesTest {

    private static final NearSamples.Cvm GATEWAY = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.GATEWAY);

    @Test
    void everyRealNearInfoAgreesWithItsQuoteAndLog() {
        for (NearSamples.Cvm cvm : NearSamples.all()) {
            List<Check> checks = InfoEqualities.check(cvm.info(), cvm.log(), cvm.events(), cvm.quote());
            assertEquals(8, checks.size());
            checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), cvm + " " + check.toJson()));
            cvm.expected().ifPresent(e -> assertExpectedInfoChecks(e, checks));
        }
    }

    /** Phala's info (tcb_info as an object, mr_aggregated inside it) against the quote of its RA-TLS certificate. */
    @Test
    void thePhalaInfoAgreesWithItsQuote() {
        DstackSamples.Sample s = DstackSamples.phala();
        List<Check> checks = InfoEqualities.check(DstackSamples.phalaInfo(), s.log(), RuntimeEvents.decode(s.log()), s.quote());
        checks.forEach(check -> assertEquals(Outcome.PASS, check.outcome(), check.toJson().toString()));
        assertExpectedInfoChecks(s.expected(), checks);
    }

    /**
     * The RA-TLS certificate of Phala's info (expected-results.json {@code ra_tls}): its quote extension holds the
     * quote the sample stores, its event-log extension the same log as tcb_info, and that quote's REPORT_DATA is
     * SHA-512("ratls-cert:" ‖ the certificate's DER SPKI), as the file recomputed.
     */
    @Test
    void thePhalaAppCertificateCarriesItsQuoteBoundToItsKey() throws Exception {
        JsonObject expected = DstackSamples.phala().expected().getJsonObject("ra_tls");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(DstackSamples.phalaInfo().appCert().orElseThrow().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected.getString("cert_subject"), cert.getSubjectX500Principal().getName());
        assertEquals(expected.getString("cert_issuer"), cert.getIssuerX500Principal().getName());
        byte[] quote = extension(cert, "1.3.6.1.4.1.62397.1.1");
        assertEquals(Samples.text("dstack/phala-private-ml-sdk-info/app_cert_quote.hex").strip(), Hex.encode(quote));
        EventLog certLog = EventLog.parse(JsonInput.array(JsonInput.parse(extension(cert, "1.3.6.1.4.1.62397.1.2"), 1 << 20, "$"),
                "$", EventLog.MAX_ENTRIES), "$");
        assertEquals(DstackSamples.phala().log(), certLog);
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update("ratls-cert:".getBytes(StandardCharsets.US_ASCII));
        String reportData = Hex.encode(sha512.digest(cert.getPublicKey().getEncoded()));
        assertEquals(expected.getString("report_data_expected"), reportData);
        assertEquals(expected.getBoolean("report_data_matches"), reportData.equals(Captures.td(Hex.encode(quote)).reportData()));
    }

    /** dstack's extension value is an OCTET STRING (inside the extnValue OCTET STRING): its content. */
    private static byte[] extension(X509Certificate cert, String oid) {
        byte[] extnValue = ASN1OctetString.getInstance(cert.getExtensionValue(oid)).getOctets();
        return ASN1OctetString.getInstance(extnValue).getOctets();
    }

    /** device_id, mr_aggregated and mr_system of every attestation expected-results.json lists. */
    @Test
    void derivedIdentifiersMatchTheExpectedResults() {
        List<NearSamples.Cvm> listed = NearSamples.all().stream().filter(c -> c.expected().isPresent()).toList();
        assertEquals(5, listed.size(), "June gateway, model and direct; April gateway and model");
        for (NearSamples.Cvm cvm : listed) {
            JsonObject derived = cvm.expected().orElseThrow().getJsonObject("derived");
            assertEquals(derived.getString("device_id_sha256_header_user_data"), DstackDerivations.deviceId(cvm.quote()));
            assertEquals(derived.getString("mr_aggregated"), DstackDerivations.mrAggregated(cvm.quote()));
            assertEquals(derived.getString("mr_system"), DstackDerivations.mrSystem(cvm.quote(), cvm.events()));
        }
        for (DstackSamples.Sample s : List.of(DstackSamples.simulator(),
                DstackSamples.verifierFixture(DstackSamples.QUOTE_REPORT),
                DstackSamples.verifierFixture(DstackSamples.TDX_LITE), DstackSamples.phala())) {
            JsonObject derived = s.expected().getJsonObject("derived");
            assertEquals(derived.getString("device_id_sha256_header_user_data"), DstackDerivations.deviceId(s.quote()));
            assertEquals(derived.getString("mr_aggregated"), DstackDerivations.mrAggregated(s.quote()), "zero-config form too");
            assertEquals(derived.getString("mr_system"), DstackDerivations.mrSystem(s.quote(), RuntimeEvents.decode(s.log())));
        }
        assertEquals("f6b41837ced300b671f534347a3d17bd4137b22d67ac545566d98208d7bc50be",
                GATEWAY.expected().orElseThrow().getJsonObject("derived").getString("mr_system"));
    }

    @Test
    void aClaimedAppIdThatDiffersIsReported() {
        Check c = find(Records.with(GATEWAY.info(), "appId", Optional.of("00".repeat(20))), InfoEqualities.APP_ID);
        assertEquals(InfoFailure.CLAIM_MISMATCH, c.reason());
        assertEquals(InfoFailure.CLAIM_MISSING,
                find(Records.with(GATEWAY.info(), "appId", Optional.empty()), InfoEqualities.APP_ID).reason());
    }

    @Test
    void aClaimedDeviceIdThatDiffersIsReported() {
        assertEquals(InfoFailure.CLAIM_MISMATCH, find(InfoEdits.deviceId(GATEWAY.info(), Optional.of("11".repeat(32))),
                InfoEqualities.DEVICE_ID).reason());
        assertEquals(InfoFailure.CLAIM_MISSING, find(InfoEdits.deviceId(GATEWAY.info(), Optional.empty()),
                InfoEqualities.DEVICE_ID).reason());
    }

    @Test
    void keyProviderAndOsImageAndAggregateClaimsAreCompared() {
        assertEquals(InfoFailure.CLAIM_MISMATCH,
                find(Records.with(GATEWAY.info(), "keyProviderInfo", Optional.of("{\"name\":\"none\",\"id\":\"\"}")),
                InfoEqualities.KEY_PROVIDER).reason());
        assertEquals(InfoFailure.CLAIM_MISMATCH, find(Records.with(GATEWAY.info(), "osImageHash", Optional.of("22".repeat(32))),
                InfoEqualities.OS_IMAGE_HASH).reason());
        assertEquals(InfoFailure.CLAIM_MISMATCH, find(Records.with(GATEWAY.info(), "mrAggregated", Optional.of("33".repeat(32))),
                InfoEqualities.MR_AGGREGATED).reason());
        assertEquals(InfoFailure.CLAIM_MISSING, find(Records.with(GATEWAY.info(), "mrAggregated", Optional.empty()),
                InfoEqualities.MR_AGGREGATED).reason(), "NEAR's tcb_info has no copy, so nothing is left to compare");
    }

    @Test
    void tcbInfoRegistersMustEqualTheQuote() {
        TdMeasurements other = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL).quote();
        Check c = InfoEqualities.check(GATEWAY.info(), GATEWAY.log(), GATEWAY.events(), other).stream()
                .filter(x -> x.name().equals(InfoEqualities.TCB_REGISTERS)).findFirst().orElseThrow();
        assertEquals(InfoFailure.CLAIM_MISMATCH, c.reason());
    }

    @Test
    void theEventLogCopyMustEqualTheLog() {
        EventLog other = NearSamples.cvm(Captures.CLOUD_0629, NearSamples.MODEL).log();
        Check c = InfoEqualities.check(GATEWAY.info(), other, RuntimeEvents.decode(other), GATEWAY.quote()).stream()
                .filter(x -> x.name().equals(InfoEqualities.EVENT_LOG_COPY)).findFirst().orElseThrow();
        assertEquals(InfoFailure.EVENT_LOG_COPY_MISMATCH, c.reason());
    }

    /** A local key provider emits no os-image-hash: the claim is reported as not bound, not as bound. */
    @Test
    void withoutAnOsImageEventTheClaimIsReportedUnbound() {
        EventLog log = LogEdits.edit(GATEWAY.log(), "os-image-hash", e -> LogEdits.name(e, "mr-kms"));
        Check c = find(GATEWAY.info(), InfoEqualities.OS_IMAGE_HASH, RuntimeEvents.decode(log));
        assertEquals(Outcome.PASS, c.outcome());
        assertTrue(c.detail().contains("not bound"));
    }

    private static Check find(DstackInfo info, String name) {
        return find(info, name, GATEWAY.events());
    }

    private static Check find(DstackInfo info, String name, RuntimeEvents events) {
        return InfoEqualities.check(info, GATEWAY.log(), events, GATEWAY.quote()).stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** expected-results.json's name for each equality, and the check of ours that decides it. */
    private static final Map<String, String> INFO_CHECKS = Map.of(
            "app_id_equals_event", InfoEqualities.APP_ID,
            "instance_id_equals_event", InfoEqualities.INSTANCE_ID,
            "os_image_hash_equals_event", InfoEqualities.OS_IMAGE_HASH,
            "key_provider_info_equals_event", InfoEqualities.KEY_PROVIDER,
            "device_id_equals_derived", InfoEqualities.DEVICE_ID,
            "mr_aggregated_equals_derived", InfoEqualities.MR_AGGREGATED,
            "tcb_info_mrs_equal_quote", InfoEqualities.TCB_REGISTERS);

    /** Each of the file's equalities has the outcome our check computed (every one of them is named). */
    private static void assertExpectedInfoChecks(JsonObject expected, List<Check> checks) {
        JsonObject info = expected.getJsonObject("info_checks");
        assertEquals(INFO_CHECKS.keySet(), info.keySet());
        for (Map.Entry<String, String> e : INFO_CHECKS.entrySet()) {
            Check computed = checks.stream().filter(c -> c.name().equals(e.getValue())).findFirst().orElseThrow();
            assertEquals(info.getBoolean(e.getKey()), computed.ok(), e.getKey() + ": " + computed.toJson());
        }
    }
}
