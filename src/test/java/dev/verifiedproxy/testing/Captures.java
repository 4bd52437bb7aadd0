package dev.verifiedproxy.testing;

import dev.verifiedproxy.eventlog.Hex;
import dev.verifiedproxy.eventlog.Sha;
import dev.verifiedproxy.eventlog.TdMeasurements;
import dev.verifiedproxy.quote.QuoteFormatException;
import dev.verifiedproxy.quote.QuoteParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.Base64;

/**
 * The real NEAR AI / dstack captures in {@code ../shared/samples} and the values recomputed for them
 * in {@code dstack/expected-results.json}. Quotes are parsed with the real quote parser; tests compare
 * what it gives with the independently recomputed values of expected-results.json.
 */
public final class Captures {

    public static final String CLOUD_0629 = "dstack/near-cloud-api-2026-06-29/responses/0001_cloud-api.near.ai_v1_attestation_report.body";
    public static final String DIRECT_0629 = "dstack/near-direct-2026-06-29/responses/0001_qwen35-122b.completions.near.ai_v1_attestation_report.body";
    public static final String CLOUD_0424 = "dstack/near-cloud-api-2026-04-24/responses/0001_cloud-api.near.ai_v1_attestation_report.body";
    public static final String DIRECT_0424 = "nearai/teep_neardirect_qwen_qwen3.5-122b-a10b_20260424_021037/responses/0001_qwen35-122b.completions.near.ai_v1_attestation_report.body";
    public static final String FIXTURE_01 = "nearai/01_verifier-fixture_gateway-report_gpt-oss-120b_ecdsa_2026-04/report.json";
    /** Nonce of the nearai-cloud-verifier fixture: "deadbeef", 55 zeros, "1". */
    public static final String FIXTURE_01_NONCE = "deadbeef" + "0".repeat(55) + "1";

    private static JsonObject expected;

    private Captures() {
    }

    public static JsonObject json(String relative) {
        try (JsonReader reader = Json.createReader(new StringReader(Samples.text(relative)))) {
            return reader.readObject();
        }
    }

    /** The entry of {@code dstack/expected-results.json} for a sample (key relative to samples/dstack). */
    public static synchronized JsonObject expected(String key) {
        if (expected == null) {
            expected = json("dstack/expected-results.json");
        }
        JsonObject entry = expected.getJsonObject(key);
        if (entry == null) {
            throw new IllegalStateException("expected-results.json has no entry " + key);
        }
        return entry;
    }

    /** The expected-results entry of one attestation of a report, e.g. ("…0001_….body", "gateway"). */
    public static JsonObject expected(String reportRelative, String part) {
        return expected(reportRelative.substring("dstack/".length())).getJsonObject(part);
    }

    /** The values of a hex-encoded TDX quote, parsed with the quote parser. */
    public static TdMeasurements td(String quoteHex) {
        try {
            return TdMeasurements.of(QuoteParser.parse(Hex.decode(quoteHex.strip()).orElseThrow()));
        } catch (QuoteFormatException e) {
            throw new IllegalStateException("sample quote does not parse", e);
        }
    }

    /** A quote's values as expected-results.json lists them (recomputed independently of our parser). */
    public static TdMeasurements quote(JsonObject expectedEntry) {
        JsonObject q = expectedEntry.getJsonObject("quote");
        return new TdMeasurements(q.getString("tee_tcb_svn"), q.getString("mr_seam"), q.getString("mr_signer_seam"),
                q.getString("seam_attributes"), q.getString("td_attributes"), q.getString("xfam"), q.getString("mr_td"),
                q.getString("mr_config_id"), q.getString("mr_owner"), q.getString("mr_owner_config"), q.getString("rtmr0"),
                q.getString("rtmr1"), q.getString("rtmr2"), q.getString("rtmr3"), q.getString("report_data"),
                q.getString("header_user_data"));
    }

    /** The client nonce of a teep capture (manifest.json next to responses/). */
    public static String nonce(String reportRelative) {
        String dir = reportRelative.substring(0, reportRelative.indexOf("/responses/"));
        return json(dir + "/manifest.json").getString("nonce_hex");
    }

    /** SHA-256 of the live TLS SPKI recorded next to a 2026-06-29 report ({@code peer_spki_der_base64}). */
    public static String liveSpkiSha256(String reportRelative) {
        String metadata = reportRelative.substring(0, reportRelative.length() - ".body".length()) + ".json";
        return Hex.encode(Sha.sha256(Base64.getDecoder().decode(json(metadata).getString("peer_spki_der_base64"))));
    }
}
