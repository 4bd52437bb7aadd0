package dev.verifiedproxy.attestation;

import dev.verifiedproxy.testing.Records;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Samples;
import dev.verifiedproxy.verdict.Check;
import dev.verifiedproxy.verdict.Outcome;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportDataBindingTest {

    private static final GatewayReport CLOUD = (GatewayReport) NearReports.parse(Samples.bytes(Captures.CLOUD_0629));
    private static final Nonce CLOUD_NONCE = new Nonce(Captures.nonce(Captures.CLOUD_0629));
    /** expected-results.json's name for each REPORT_DATA[0..32] layout. */
    private static final Map<ReportDataBinding.Mode, String> MODES = Map.of(
            ReportDataBinding.Mode.TLS, "sha256(signing_address||tls_cert_fingerprint)");

    /** The gateway served the TLS connection of the gateway capture: its fingerprint is the live SPKI. */
    @Test
    void theJuneGatewayIsBoundToKeyNonceAndLiveTls() {
        TdMeasurements quote = Captures.td(CLOUD.gateway().intelQuote());
        List<Check> checks = ReportDataBinding.check(CLOUD.gateway(), quote, CLOUD_NONCE);
        assertNames(checks, ReportDataBinding.SIGNING_KEY, ReportDataBinding.REQUEST_NONCE, ReportDataBinding.REPORT_DATA);
        assertAllPass(checks);
        Check live = ReportDataBinding.liveTls(CLOUD.gateway(), Optional.of(Captures.liveSpkiSha256(Captures.CLOUD_0629)));
        assertEquals(ReportDataBinding.LIVE_TLS_SPKI, live.name());
        assertEquals(Outcome.PASS, live.outcome());
        assertEquals(ReportDataBinding.Mode.TLS, ReportDataBinding.mode(CLOUD.gateway()));
        assertEquals(Outcome.PASS, ReportDataBinding.tlsCertificate(CLOUD.tlsCertificate().orElseThrow(),
                CLOUD.gateway().tlsCertFingerprint()).outcome());
        assertExpected(Captures.expected(Captures.CLOUD_0629, "gateway"), CLOUD.gateway(), CLOUD_NONCE);
    }

    /** Behind the gateway, the model binds its own CVM's TLS key; no live SPKI of it was observed. */
    @Test
    void theJuneModelBehindTheGatewayIsBound() {
        CvmAttestation model = CLOUD.models().get(0);
        List<Check> checks = ReportDataBinding.check(model, Captures.td(model.intelQuote()), CLOUD_NONCE);
        assertNames(checks, ReportDataBinding.SIGNING_KEY, ReportDataBinding.REQUEST_NONCE, ReportDataBinding.REPORT_DATA);
        assertAllPass(checks);
        assertExpected(Captures.expected(Captures.CLOUD_0629, "model_attestations[0]"), model, CLOUD_NONCE);
    }

    @Test
    void theJuneDirectModelIsBoundToItsLiveTls() {
        CvmAttestation model = NearReports.parse(Samples.bytes(Captures.DIRECT_0629)).models().get(0);
        Nonce nonce = new Nonce(Captures.nonce(Captures.DIRECT_0629));
        List<Check> checks = new ArrayList<>(ReportDataBinding.check(model, Captures.td(model.intelQuote()), nonce));
        checks.add(ReportDataBinding.liveTls(model, Optional.of(Captures.liveSpkiSha256(Captures.DIRECT_0629))));
        assertEquals(4, checks.size());
        assertAllPass(checks);
        assertExpected(Captures.expected(Captures.DIRECT_0629, "attestation"), model, nonce);
    }

    /**
     * April captures bind key and nonce, but recorded no live SPKI: the CVM that served each connection cannot be
     * shown to be the one the report attests, and says so with its own reason.
     */
    @Test
    void theAprilCapturesBindKeyAndNonceButNotTheLiveConnection() {
        for (String r : new String[] {Captures.CLOUD_0424, Captures.DIRECT_0424}) {
            NearReport report = NearReports.parse(Samples.bytes(r));
            Nonce nonce = new Nonce(Captures.nonce(r));
            CvmAttestation served = report instanceof GatewayReport g ? g.gateway() : report.models().get(0);
            Check live = ReportDataBinding.liveTls(served, Optional.empty());
            assertEquals(Outcome.FAIL, live.outcome());
            assertEquals(BindingFailure.TLS_SPKI_NOT_RECORDED, live.reason());
            if (report instanceof GatewayReport g) {
                assertAllPass(ReportDataBinding.check(g.gateway(), Captures.td(g.gateway().intelQuote()), nonce));
                assertEquals(Outcome.PASS, ReportDataBinding.tlsCertificate(g.tlsCertificate().orElseThrow(),
                        g.gateway().tlsCertFingerprint()).outcome());
            }
            for (CvmAttestation m : report.models()) {
                assertAllPass(ReportDataBinding.check(m, Captures.td(m.intelQuote()), nonce));
            }
        }
        GatewayReport april = (GatewayReport) NearReports.parse(Samples.bytes(Captures.CLOUD_0424));
        Nonce nonce = new Nonce(Captures.nonce(Captures.CLOUD_0424));
        assertExpected(Captures.expected(Captures.CLOUD_0424, "gateway"), april.gateway(), nonce);
        assertExpected(Captures.expected(Captures.CLOUD_0424, "model_attestations[0]"), april.models().get(0), nonce);
    }

    /** The nearai-cloud-verifier fixture: ecdsa, plain mode, Keccak-256(public key) is the model's address. */
    @Test
    void theEcdsaPlainFixtureBinds() {
        GatewayReport report = (GatewayReport) NearReports.parse(Samples.bytes(Captures.FIXTURE_01));
        Nonce nonce = new Nonce(Captures.FIXTURE_01_NONCE);
        for (CvmAttestation a : List.of(report.gateway(), report.models().get(0))) {
            assertEquals(ReportDataBinding.Mode.PLAIN, ReportDataBinding.mode(a));
            assertAllPass(ReportDataBinding.check(a, Captures.td(a.intelQuote()), nonce));
        }
        CvmAttestation model = report.models().get(0);
        assertTrue(ReportDataBinding.signingKey(model.signingKey()).detail().contains("public key belongs to address"));
        assertEquals("56d070df1c6be444b007839ef9cf67cec7c12b8b000000000000000000000000",
                ReportDataBinding.expectedKeyBinding(model.signingKey(), Optional.empty()));
    }

    /** Suggested mutation: change the nonce. */
    @Test
    void anotherNonceFailsTheNonceChecks() {
        Nonce other = new Nonce("00".repeat(32));
        CvmAttestation gateway = CLOUD.gateway();
        TdMeasurements quote = Captures.td(gateway.intelQuote());
        assertEquals(BindingFailure.REQUEST_NONCE_MISMATCH, ReportDataBinding.requestNonce(gateway, other).reason());
        assertEquals(BindingFailure.REPORT_DATA_NONCE_MISMATCH, ReportDataBinding.reportData(gateway, quote, other).reason());
    }

    @Test
    void anotherKeyOrFingerprintFailsTheKeyBinding() {
        CvmAttestation model = CLOUD.models().get(0);
        TdMeasurements quote = Captures.td(model.intelQuote());
        CvmAttestation otherFingerprint = Records.with(model, "tlsCertFingerprint", Optional.of("aa".repeat(32)));
        assertEquals(BindingFailure.REPORT_DATA_KEY_MISMATCH,
                ReportDataBinding.reportData(otherFingerprint, quote, CLOUD_NONCE).reason());
        CvmAttestation plain = Records.with(model, "tlsCertFingerprint", Optional.empty());
        assertEquals(BindingFailure.REPORT_DATA_KEY_MISMATCH, ReportDataBinding.reportData(plain, quote, CLOUD_NONCE).reason(),
                "dropping the fingerprint does not downgrade to plain mode");
    }

    @Test
    void aLiveConnectionWithAnotherKeyFails() {
        assertEquals(BindingFailure.TLS_FINGERPRINT_MISMATCH,
                ReportDataBinding.liveTlsSpki(CLOUD.gateway(), "bb".repeat(32)).reason());
        assertEquals(BindingFailure.TLS_FINGERPRINT_MISSING, ReportDataBinding.liveTlsSpki(Records.with(CLOUD.gateway(),
                "tlsCertFingerprint", Optional.empty()), "bb".repeat(32)).reason());
        assertEquals(BindingFailure.TLS_CERTIFICATE_MISMATCH,
                ReportDataBinding.tlsCertificate(CLOUD.tlsCertificate().orElseThrow(),
                Optional.of("bb".repeat(32))).reason());
        assertEquals(BindingFailure.TLS_CERTIFICATE_UNREADABLE, ReportDataBinding.tlsCertificate("not a certificate",
                CLOUD.gateway().tlsCertFingerprint()).reason());
    }

    @Test
    void aPublicKeyOfAnotherAddressFails() {
        SigningKey ed = CLOUD.models().get(0).signingKey();
        SigningKey wrongEd = new SigningKey(ed.algo(), ed.address(), ed.addressBytes(), Optional.of("cc".repeat(32)));
        assertEquals(BindingFailure.KEY_ADDRESS_MISMATCH, ReportDataBinding.signingKey(wrongEd).reason());
        SigningKey ecdsa = ((GatewayReport) NearReports.parse(Samples.bytes(Captures.FIXTURE_01))).models().get(0).signingKey();
        SigningKey wrongEcdsa = new SigningKey(ecdsa.algo(), ecdsa.address(), ecdsa.addressBytes(), Optional.of("dd".repeat(64)));
        assertEquals(BindingFailure.KEY_ADDRESS_MISMATCH, ReportDataBinding.signingKey(wrongEcdsa).reason());
        SigningKey shortKey = new SigningKey(ecdsa.algo(), ecdsa.address(), ecdsa.addressBytes(), Optional.of("dd".repeat(33)));
        assertEquals(BindingFailure.PUBLIC_KEY_MALFORMED, ReportDataBinding.signingKey(shortKey).reason());
        SigningKey prefixed = new SigningKey(ecdsa.algo(), ecdsa.address(), ecdsa.addressBytes(),
                Optional.of("04" + ecdsa.publicKey().orElseThrow()));
        assertEquals(Outcome.PASS, ReportDataBinding.signingKey(prefixed).outcome(), "the 0x04 SEC1 prefix is accepted");
    }

    /** Keccak-256 (Ethereum), not SHA3-256: the empty-input vector tells them apart. */
    @Test
    void keccakIsTheEthereumVariant() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                dev.verifiedproxy.eventlog.Hex.encode(ReportDataBinding.keccak256(new byte[0])));
    }

    private static void assertNames(List<Check> checks, String... names) {
        assertEquals(List.of(names), checks.stream().map(Check::name).toList());
    }

    private static void assertAllPass(List<Check> checks) {
        checks.forEach(c -> assertEquals(Outcome.PASS, c.outcome(), c.toJson().toString()));
    }

    /**
     * expected-results.json's report_data_binding against what this package computes: the values read from the
     * report, the mode, REPORT_DATA[0..32] recomputed from key and fingerprint, REPORT_DATA[32..64] against the
     * client nonce of the capture's manifest, and the binding check's own outcome.
     */
    private static void assertExpected(JsonObject expected, CvmAttestation a, Nonce clientNonce) {
        JsonObject binding = expected.getJsonObject("report_data_binding");
        TdMeasurements quote = Captures.td(a.intelQuote());
        assertEquals(binding.getString("signing_algo"), a.signingKey().algo().json());
        assertEquals(binding.getString("signing_address"), a.signingKey().addressBytes());
        assertEquals(binding.getString("tls_cert_fingerprint"), a.tlsCertFingerprint().orElseThrow());
        assertEquals(binding.getString("request_nonce"), a.requestNonce());
        assertEquals(binding.getString("mode"), MODES.get(ReportDataBinding.mode(a)));
        boolean first32 = ReportDataBinding.expectedKeyBinding(a.signingKey(), a.tlsCertFingerprint())
                .equals(quote.reportData().substring(0, 64));
        boolean nonce = quote.reportData().substring(64).equals(clientNonce.hex());
        assertEquals(binding.getBoolean("first32_ok"), first32);
        assertEquals(binding.getBoolean("nonce_ok"), nonce);
        assertEquals(first32 && nonce, ReportDataBinding.reportData(a, quote, clientNonce).ok());
        assertEquals(expected.getJsonObject("quote").getString("report_data"), quote.reportData());
    }
}
