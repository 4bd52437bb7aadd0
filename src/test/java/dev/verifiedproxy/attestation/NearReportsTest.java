package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.FormatFailure;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.testing.Captures;
import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NearReportsTest {

    @Test
    void readsTheGatewayShape() {
        GatewayReport report = assertInstanceOf(GatewayReport.class, NearReports.parse(Samples.bytes(Captures.CLOUD_0629)));
        assertEquals(SigningAlgo.ED25519, report.gateway().signingKey().algo());
        assertEquals(Optional.empty(), report.gateway().signingKey().publicKey(), "the gateway sends no signing_public_key");
        assertEquals(29, report.gateway().eventLog().size(), "gateway event_log arrives as a JSON string");
        assertEquals(1, report.models().size());
        CvmAttestation model = report.models().get(0);
        assertEquals(Optional.of("Qwen/Qwen3.5-122B-A10B"), model.modelName());
        assertEquals(30, model.eventLog().size(), "model event_log arrives as an array");
        assertEquals(42, model.composeManager().orElseThrow().actions().size());
        assertTrue(model.nvidiaPayload().orElseThrow().startsWith("{\"arch\":\"HOPPER\""));
        assertEquals(Optional.of("eb336f52d78ea04869573f291d53e5a9d1bdbfa1a75b73330eebfb4aa353a2ad"), model.tlsCertFingerprint());
        assertTrue(report.tlsCertificate().orElseThrow().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void readsTheDirectShape() {
        DirectReport report = assertInstanceOf(DirectReport.class, NearReports.parse(Samples.bytes(Captures.DIRECT_0629)));
        assertEquals(1, report.allAttestations().size());
        assertEquals(report.model().intelQuote(), report.allAttestations().get(0).intelQuote());
        assertEquals("541b6523f9446dcd170e67ac8171eb9226bee5e3f192de4900b74f0ef293500b", report.model().requestNonce());
        assertEquals(report.models(), java.util.List.of(report.model()));
    }

    @Test
    void readsEveryRealReport() {
        for (String r : new String[] {Captures.CLOUD_0424, Captures.DIRECT_0424, Captures.FIXTURE_01}) {
            NearReport report = NearReports.parse(Samples.bytes(r));
            assertEquals(1, report.models().size(), r);
        }
        GatewayReport fixture = (GatewayReport) NearReports.parse(Samples.bytes(Captures.FIXTURE_01));
        assertEquals(SigningAlgo.ECDSA, fixture.gateway().signingKey().algo());
        assertEquals("614bc66ff0407dbb70b9c7ca1f5e983e4a02c921", fixture.gateway().signingKey().addressBytes());
        assertEquals("0x614bc66ff0407dbb70b9c7ca1f5e983e4a02c921", fixture.gateway().signingKey().address());
    }

    /** Raw dstack returns tcb_info as a JSON string; NEAR as an object. Both read the same. */
    @Test
    void tcbInfoAsAStringReadsLikeTheObject() {
        JsonObject report = Captures.json(Captures.DIRECT_0629);
        JsonObject info = report.getJsonObject("info");
        JsonObject stringForm = Json.createObjectBuilder(report).add("info", Json.createObjectBuilder(info)
                .add("tcb_info", info.getJsonObject("tcb_info").toString())).build();
        assertEquals(NearReports.parse(report).models().get(0).info(), NearReports.parse(stringForm).models().get(0).info());
    }

    @Test
    void unknownFieldsAreTolerated() {
        JsonObject report = Json.createObjectBuilder(Captures.json(Captures.DIRECT_0629)).add("future_field", 1).build();
        assertInstanceOf(DirectReport.class, NearReports.parse(report));
    }

    @Test
    void anUnknownShapeIsRejected() {
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> NearReports.parse("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(FormatFailure.UNKNOWN_SHAPE, e.reason());
        assertEquals(FormatFailure.NOT_JSON, assertThrows(MalformedEvidenceException.class,
                () -> NearReports.parse("{".getBytes(StandardCharsets.UTF_8))).reason());
        assertEquals(FormatFailure.WRONG_TYPE, assertThrows(MalformedEvidenceException.class,
                () -> NearReports.parse("[]".getBytes(StandardCharsets.UTF_8))).reason());
    }

    @Test
    void problemsNameTheirJsonPath() {
        JsonObject report = Captures.json(Captures.CLOUD_0629);
        JsonObject model = report.getJsonArray("model_attestations").getJsonObject(0);
        assertPath(with(report, "model_attestations", Json.createArrayBuilder().add(Json.createObjectBuilder(model)
                .add("signing_algo", "rsa"))), FormatFailure.UNSUPPORTED_VALUE, "$.model_attestations[0].signing_algo");
        assertPath(with(report, "model_attestations", Json.createArrayBuilder().add(Json.createObjectBuilder(model)
                .add("request_nonce", "abcd"))), FormatFailure.BAD_HEX, "$.model_attestations[0].request_nonce");
        assertPath(with(report, "model_attestations", Json.createArrayBuilder().add(Json.createObjectBuilder(model)
                .remove("info"))), FormatFailure.MISSING_FIELD, "$.model_attestations[0].info");
        assertPath(with(report, "gateway_attestation", Json.createObjectBuilder(report.getJsonObject("gateway_attestation"))
                .add("signing_address", "0x1234")), FormatFailure.BAD_HEX, "$.gateway_attestation.signing_address");
    }

    @Test
    void anEcdsaAddressMustBe20Bytes() {
        JsonObject report = Captures.json(Captures.FIXTURE_01);
        assertPath(with(report, "gateway_attestation", Json.createObjectBuilder(report.getJsonObject("gateway_attestation"))
                .add("signing_address", "0x" + "ab".repeat(32))), FormatFailure.BAD_HEX, "$.gateway_attestation.signing_address");
    }

    @Test
    void oversizedReportsAreRefusedBeforeParsing() {
        byte[] huge = new byte[(int) NearReports.MAX_REPORT_BYTES + 1];
        assertEquals(FormatFailure.TOO_LARGE,
                assertThrows(MalformedEvidenceException.class, () -> NearReports.parse(huge)).reason());
        byte[] real = Samples.bytes(Captures.CLOUD_0629);
        assertEquals(FormatFailure.TOO_LARGE, assertThrows(MalformedEvidenceException.class,
                () -> NearReports.parse(real, real.length - 1)).reason(), "the caller's limit applies");
    }

    private static JsonObject with(JsonObject report, String key, JsonObjectBuilder value) {
        return Json.createObjectBuilder(report).add(key, value).build();
    }

    private static JsonObject with(JsonObject report, String key, jakarta.json.JsonArrayBuilder value) {
        return Json.createObjectBuilder(report).add(key, value).build();
    }

    private static void assertPath(JsonObject report, FormatFailure reason, String path) {
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> NearReports.parse(report));
        assertEquals(reason, e.reason());
        assertEquals(path, e.path());
    }
}
