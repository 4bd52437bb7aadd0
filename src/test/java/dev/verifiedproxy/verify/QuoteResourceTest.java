package dev.verifiedproxy.verify;

import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.CollateralKey;
import dev.verifiedproxy.collateral.PckCa;
import dev.verifiedproxy.collateral.StaticCollateralSource;
import dev.verifiedproxy.config.ConfigSource;
import dev.verifiedproxy.config.ProxyConfig;
import dev.verifiedproxy.dcap.DcapService;
import dev.verifiedproxy.dcap.DcapVerifier;
import dev.verifiedproxy.error.ApiException;
import dev.verifiedproxy.quote.TeeType;
import dev.verifiedproxy.testing.dcap.DcapVector;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /verify/quote through the real resource class, without a server. */
class QuoteResourceTest {

    private static final DcapVector TDX = DcapVector.ALL.get(1);

    private static QuoteResource resource(Map<CollateralKey, dev.verifiedproxy.collateral.QuoteCollateral> fetchable) {
        QuoteResource resource = new QuoteResource();
        resource.dcap = new DcapService(DcapVerifier.withIntelRootCa(), new StaticCollateralSource(fetchable));
        resource.config = ProxyConfig.load(List.of(ConfigSource.environment(Map.of("VERIFIEDPROXY_VERIFY_MAX_BODY_BYTES", "64KiB"))));
        return resource;
    }

    private static JsonObject call(QuoteResource resource, String body) {
        Response response = resource.verify(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, response.getStatus());
        return Json.createReader(new StringReader((String) response.getEntity())).readObject();
    }

    private static JsonObjectBuilder request(DcapVector v, String quote) {
        return Json.createObjectBuilder().add("quote", quote).add("collateral", CollateralJson.toJson(v.collateralValue()))
                .add("at", v.now());
    }

    @Test
    void hexQuoteWithCollateralIsVerified() {
        JsonObject r = call(resource(Map.of()), request(TDX, HexFormat.of().formatHex(TDX.quoteBytes())).build().toString());
        assertTrue(r.getBoolean("verified"), r.toString());
        assertTrue(r.isNull("error"));
        assertEquals("TDX", r.getString("teeType"));
        assertEquals(4, r.getInt("version"));
        assertEquals("UpToDate", r.getString("status"));
        assertEquals(0, r.getJsonArray("advisoryIds").size());
        assertEquals("b0c06f000000", r.getString("fmspc"));
        JsonObject report = r.getJsonObject("report");
        assertEquals(96, report.getString("mrTd").length());
        assertEquals(report.getString("mrTd").toLowerCase(), report.getString("mrTd"));
        assertTrue(report.containsKey("rtmr3") && report.containsKey("mrConfigId") && report.containsKey("tdAttributes"));
        assertEquals(TDX.now(), r.getJsonNumber("collateralValidUntil").longValue());
        assertEquals(TDX.now(), r.getJsonNumber("at").longValue());
    }

    @Test
    void base64AndPrefixedHexAreAccepted() {
        QuoteResource resource = resource(Map.of());
        assertTrue(call(resource, request(TDX, Base64.getEncoder().encodeToString(TDX.quoteBytes())).build().toString())
                .getBoolean("verified"));
        assertTrue(call(resource, request(TDX, Base64.getUrlEncoder().withoutPadding()
                .encodeToString(TDX.quoteBytes())).build().toString()).getBoolean("verified"));
        assertTrue(call(resource, request(TDX, "0x" + HexFormat.of().formatHex(TDX.quoteBytes())).build().toString())
                .getBoolean("verified"));
    }

    @Test
    void collateralIsFetchedWhenAbsent() {
        QuoteResource resource = resource(Map.of(new CollateralKey(TeeType.TDX, "B0C06F000000", PckCa.PLATFORM),
                TDX.collateralValue()));
        JsonObject r = call(resource, Json.createObjectBuilder().add("quote", HexFormat.of().formatHex(TDX.quoteBytes()))
                .add("at", TDX.now()).build().toString());
        assertTrue(r.getBoolean("verified"), r.toString());
        JsonObject missing = call(resource(Map.of()), Json.createObjectBuilder()
                .add("quote", HexFormat.of().formatHex(TDX.quoteBytes())).add("at", TDX.now()).build().toString());
        assertFalse(missing.getBoolean("verified"));
        assertEquals("COLLATERAL_UNAVAILABLE", missing.getString("failure"));
        assertEquals("TDX", missing.getString("teeType"));
    }

    @Test
    void failuresAre200WithTheFailingStep() {
        DcapVector outdated = DcapVector.ALL.get(2);
        JsonObject r = call(resource(Map.of()), request(outdated, HexFormat.of().formatHex(outdated.quoteBytes()))
                .build().toString());
        assertFalse(r.getBoolean("verified"));
        assertEquals("NO_MATCHING_TCB_LEVEL", r.getString("failure"));
        assertTrue(r.getString("error").startsWith("NO_MATCHING_TCB_LEVEL: "), r.getString("error"));
        assertTrue(r.isNull("status"));
        assertEquals(5, r.getInt("version"));
        assertTrue(r.getJsonObject("report").containsKey("mrServiceTd"));
        JsonObject garbage = call(resource(Map.of()), request(TDX, "00ff00ff").build().toString());
        assertEquals("QUOTE_FORMAT", garbage.getString("failure"));
        assertTrue(garbage.isNull("teeType"));
        assertTrue(garbage.isNull("report"));
    }

    @Test
    void undecodableInputIs400() {
        QuoteResource resource = resource(Map.of());
        for (String body : List.of("not json", "[1]", "{}", "{\"quote\":\"zz!!\"}", "{\"quote\":\"\"}",
                "{\"quote\":42}", "{\"quote\":\"00ff\",\"at\":-1}", "{\"quote\":\"00ff\",\"at\":1.5}",
                "{\"quote\":\"00ff\",\"collateral\":{\"tcb_info\":\"x\"}}", "{\"quote\":\"00ff\",\"collateral\":3}")) {
            ApiException e = assertThrows(ApiException.class,
                    () -> resource.verify(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))), body);
            assertEquals(400, e.error().status(), body);
        }
        String oversized = "{\"quote\":\"" + "00".repeat(QuoteRequest.MAX_QUOTE_BYTES + 1) + "\"}";
        QuoteResource big = resource(Map.of());
        big.config = ProxyConfig.load(List.of());
        assertEquals(400, assertThrows(ApiException.class, () -> big.verify(
                new ByteArrayInputStream(oversized.getBytes(StandardCharsets.UTF_8)))).error().status());
        assertEquals(413, assertThrows(ApiException.class, () -> resource.verify(
                new ByteArrayInputStream(oversized.getBytes(StandardCharsets.UTF_8)))).error().status());
    }
}
