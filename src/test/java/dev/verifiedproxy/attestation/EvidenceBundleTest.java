package dev.verifiedproxy.attestation;

import dev.verifiedproxy.eventlog.FormatFailure;
import dev.verifiedproxy.eventlog.MalformedEvidenceException;
import dev.verifiedproxy.testing.Captures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvidenceBundleTest {

    private static final String DIR = "dstack/near-cloud-api-2026-06-29/responses/";

    /** The June gateway capture as a bundle: report, nonce, capture time, live SPKI, Intel collateral and NRAS answers. */
    static EvidenceBundle juneGateway() {
        JsonObject jwks = Captures.json(DIR + "0007_nras.attestation.nvidia.com_.well-known_jwks.json.body");
        return new EvidenceBundle(Captures.json(Captures.CLOUD_0629), new Nonce(Captures.nonce(Captures.CLOUD_0629)),
                Instant.parse("2026-06-29T02:06:57Z"), Optional.of(Captures.liveSpkiSha256(Captures.CLOUD_0629)),
                List.of(Json.createObjectBuilder().add("fmspc", "90c06f000000").build()),
                Optional.of(new NrasEvidence(List.of(Json.createReader(new java.io.StringReader(
                        dev.verifiedproxy.testing.Samples.text(DIR + "0006_nras.attestation.nvidia.com_v3_attest_gpu.body")))
                                .readValue()), jwks)));
    }

    @Test
    void roundTripsThroughItsJson() {
        EvidenceBundle bundle = juneGateway();
        JsonObject json = bundle.toJson();
        assertEquals(List.of("report", "nonce", "at", "tlsSpkiSha256", "collateral", "nras"), List.copyOf(json.keySet()));
        assertEquals(1_782_698_817L, json.getJsonNumber("at").longValue());
        assertEquals(bundle, EvidenceBundle.fromJson(json));
        assertInstanceOf(GatewayReport.class, bundle.parsedReport());
    }

    @Test
    void optionalPartsMayBeAbsent() {
        JsonObject minimal = Json.createObjectBuilder().add("report", Captures.json(Captures.DIRECT_0629))
                .add("nonce", "0X" + Captures.nonce(Captures.DIRECT_0629).toUpperCase()).add("at", 0).build();
        EvidenceBundle bundle = EvidenceBundle.fromJson(minimal);
        assertEquals(Captures.nonce(Captures.DIRECT_0629), bundle.nonce().hex());
        assertEquals(List.of(), bundle.collateral());
        assertEquals(Optional.empty(), bundle.nras());
    }

    @Test
    void problemsNameTheirPath() {
        JsonObject good = juneGateway().toJson();
        assertRejected(Json.createObjectBuilder(good).add("tlsSpkiSHA256", "00").build(), FormatFailure.UNKNOWN_FIELD,
                "$.tlsSpkiSHA256");
        assertRejected(Json.createObjectBuilder(good).add("nonce", "abc").build(), FormatFailure.BAD_HEX, "$.nonce");
        assertRejected(Json.createObjectBuilder(good).add("at", -1).build(), FormatFailure.OUT_OF_RANGE, "$.at");
        assertRejected(Json.createObjectBuilder(good).add("at", "2026").build(), FormatFailure.WRONG_TYPE, "$.at");
        assertRejected(Json.createObjectBuilder(good).remove("report").build(), FormatFailure.MISSING_FIELD, "$.report");
        assertRejected(Json.createObjectBuilder(good).add("collateral", Json.createArrayBuilder().add(1)).build(),
                FormatFailure.WRONG_TYPE, "$.collateral[0]");
        assertRejected(Json.createObjectBuilder(good).add("nras", Json.createObjectBuilder().add("responses",
                Json.createArrayBuilder())).build(), FormatFailure.MISSING_FIELD, "$.nras.jwks");
    }

    private static void assertRejected(JsonObject json, FormatFailure reason, String path) {
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> EvidenceBundle.fromJson(json));
        assertEquals(reason, e.reason());
        assertEquals(path, e.path());
    }
}
