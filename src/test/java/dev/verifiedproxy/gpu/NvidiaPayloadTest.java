package dev.verifiedproxy.gpu;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvidiaPayloadTest {

    @Test
    void theJune2026PayloadHasPerItemArchAndNonce() {
        NvidiaPayload payload = GpuSamples.parsed(GpuSamples.JUNE);
        assertEquals(GpuSamples.nonce(GpuSamples.JUNE), payload.nonce());
        assertEquals("HOPPER", payload.arch());
        assertEquals(8, payload.evidenceList().size());
        for (EvidenceItem item : payload.evidenceList()) {
            assertEquals("HOPPER", item.arch());
            assertEquals(payload.nonce(), item.nonce());
            assertEquals(EvidenceItem.Encoding.BASE64, item.encoding());
            assertEquals(5, item.certificates().size());
            assertEquals(payload.nonce(), HexFormat.of().formatHex(item.measurements().requesterNonce()));
        }
        assertTrue(GpuSamples.payload(GpuSamples.JUNE).equals(payload.raw()), "the exact text is kept for NRAS");
    }

    @Test
    void theApril2026PayloadHasNoPerItemNonce() {
        NvidiaPayload payload = GpuSamples.parsed(GpuSamples.APRIL);
        assertEquals(8, payload.evidenceList().size());
        payload.evidenceList().forEach(item -> {
            assertNull(item.nonce());
            assertEquals("HOPPER", item.arch());
        });
    }

    @Test
    void theLegacyPayloadCarriesHexTextEvidence() throws GpuFormatException {
        NvidiaPayload payload = NvidiaPayload.parse(GpuSamples.legacyPayload());
        assertEquals(GpuSamples.LEGACY_NONCE, payload.nonce());
        EvidenceItem item = payload.evidenceList().get(0);
        assertEquals(EvidenceItem.Encoding.BASE64_HEX_TEXT, item.encoding());
        assertNull(item.arch());
        assertNull(item.nonce());
        assertEquals(GpuSamples.LEGACY_NONCE, HexFormat.of().formatHex(item.measurements().requesterNonce()));
        assertEquals("550.135", item.measurements().opaque().driverVersion().orElseThrow());
        assertEquals("96.00.9D.00.02", item.measurements().opaque().vbiosVersion().orElseThrow());
    }

    @Test
    void keyOrderWhitespaceAndUnknownFieldsDoNotMatter() throws GpuFormatException {
        JsonObject june = object(GpuSamples.payload(GpuSamples.JUNE));
        String reordered = "{ \"extra\": 1,\n \"nonce\": \"" + june.getString("nonce") + "\", \"evidence_list\": "
                + june.getJsonArray("evidence_list") + ", \"arch\": \"HOPPER\" }";
        assertEquals(8, NvidiaPayload.parse(reordered).evidenceList().size());
    }

    @Test
    void malformedPayloadsAreRefusedWithTheirReason() {
        String item = first(GpuSamples.payload(GpuSamples.JUNE)).toString();
        String nonce = "\"nonce\":\"" + "ab".repeat(32) + "\"";
        assertReason(GpuFailure.PAYLOAD_NOT_JSON, null);
        assertReason(GpuFailure.PAYLOAD_NOT_JSON, "not json");
        assertReason(GpuFailure.PAYLOAD_NOT_JSON, "[1,2]");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{\"arch\":\"HOPPER\",\"evidence_list\":[" + item + "]}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{\"nonce\":7,\"arch\":\"HOPPER\",\"evidence_list\":[" + item + "]}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{" + nonce + ",\"evidence_list\":[" + item + "]}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{" + nonce + ",\"arch\":\"HOPPER\"}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{" + nonce + ",\"arch\":\"HOPPER\",\"evidence_list\":[]}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{" + nonce + ",\"arch\":\"HOPPER\",\"evidence_list\":{}}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{" + nonce + ",\"arch\":\"HOPPER\",\"evidence_list\":[\"x\"]}");
        assertReason(GpuFailure.PAYLOAD_FIELD_INVALID, "{" + nonce + ",\"arch\":\"HOPPER\",\"evidence_list\":["
                + (item + ",").repeat(NvidiaPayload.MAX_GPUS) + item + "]}");
    }

    @Test
    void malformedItemsAreRefusedWithTheirReason() {
        JsonObject item = first(GpuSamples.payload(GpuSamples.JUNE));
        assertItemReason(GpuFailure.PAYLOAD_FIELD_INVALID, Json.createObjectBuilder(item).remove("evidence"));
        assertItemReason(GpuFailure.PAYLOAD_FIELD_INVALID, Json.createObjectBuilder(item).remove("certificate"));
        assertItemReason(GpuFailure.PAYLOAD_FIELD_INVALID, Json.createObjectBuilder(item).add("arch", 1));
        assertItemReason(GpuFailure.EVIDENCE_MALFORMED, Json.createObjectBuilder(item).add("evidence", "not base64!"));
        assertItemReason(GpuFailure.EVIDENCE_MALFORMED, Json.createObjectBuilder(item).add("evidence",
                Base64.getEncoder().encodeToString(new byte[] {0x11, (byte) 0xE0, 0x01})));
        assertItemReason(GpuFailure.EVIDENCE_MALFORMED, Json.createObjectBuilder(item).add("evidence",
                Base64.getEncoder().encodeToString("11e0zz".getBytes())));
        assertItemReason(GpuFailure.CERTIFICATES_MALFORMED, Json.createObjectBuilder(item).add("certificate", "%%%"));
        assertItemReason(GpuFailure.CERTIFICATES_MALFORMED, Json.createObjectBuilder(item).add("certificate",
                Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes())));
        assertItemReason(GpuFailure.CERTIFICATES_MALFORMED, Json.createObjectBuilder(item).add("certificate", ""));
    }

    private static void assertItemReason(GpuFailure reason, JsonObjectBuilder item) {
        assertReason(reason, Json.createObjectBuilder().add("nonce", "ab".repeat(32)).add("arch", "HOPPER")
                .add("evidence_list", Json.createArrayBuilder().add(item)).build().toString());
    }

    private static void assertReason(GpuFailure reason, String json) {
        GpuFormatException e = assertThrows(GpuFormatException.class, () -> NvidiaPayload.parse(json));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(reason.check() == GpuCheckName.PAYLOAD_FORMAT);
    }

    static JsonObject object(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    static JsonObject first(String payload) {
        return object(payload).getJsonArray("evidence_list").getJsonObject(0);
    }
}
