package dev.verifiedproxy.verify;

import dev.verifiedproxy.collateral.CollateralFormatException;
import dev.verifiedproxy.collateral.CollateralJson;
import dev.verifiedproxy.collateral.QuoteCollateral;
import dev.verifiedproxy.error.ApiException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The body of {@code POST /verify/quote} (architecture.md §4): {@code quote} as hex (optionally "0x") or
 * base64 (standard or URL-safe), optional {@code collateral} (QuoteCollateralV3), optional {@code at}
 * (unix seconds). Anything undecodable or oversized is a 400 naming the field. A string of only hex digits
 * is read as hex: a real quote's base64 practically never consists of hex digits alone.
 *
 * @param quote      the quote bytes
 * @param collateral collateral to use, or null to fetch
 * @param at         the instant to verify at
 */
public record QuoteRequest(byte[] quote, QuoteCollateral collateral, Instant at) {

    /** Largest decoded quote accepted (real quotes are 5-8 KiB). */
    public static final int MAX_QUOTE_BYTES = 128 * 1024;
    /** Latest {@code at} accepted: 9999-12-31T23:59:59Z. */
    private static final long MAX_AT = 253402300799L;

    public static QuoteRequest of(JsonObject body, Instant now) {
        return new QuoteRequest(quote(body), collateral(body), at(body, now));
    }

    private static byte[] quote(JsonObject body) {
        if (!(body.get("quote") instanceof JsonString s)) {
            throw ApiException.badRequest("'quote' must be a hex or base64 string.", "quote");
        }
        String text = s.getString().strip();
        if (text.length() > MAX_QUOTE_BYTES * 2 + 2) {
            throw ApiException.badRequest("'quote' exceeds " + MAX_QUOTE_BYTES + " bytes.", "quote");
        }
        byte[] quote;
        try {
            String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
            if (!hex.isEmpty() && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                quote = HexFormat.of().parseHex(hex);
            } else if (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) {
                quote = Base64.getUrlDecoder().decode(text);
            } else {
                quote = Base64.getDecoder().decode(text);
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'quote' is neither hex nor base64.", "quote");
        }
        if (quote.length == 0) {
            throw ApiException.badRequest("'quote' is empty.", "quote");
        }
        if (quote.length > MAX_QUOTE_BYTES) {
            throw ApiException.badRequest("'quote' exceeds " + MAX_QUOTE_BYTES + " bytes.", "quote");
        }
        return quote;
    }

    private static QuoteCollateral collateral(JsonObject body) {
        JsonValue value = body.get("collateral");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("'collateral' must be a QuoteCollateralV3 object.", "collateral");
        }
        try {
            return CollateralJson.quoteCollateral(value.asJsonObject());
        } catch (CollateralFormatException e) {
            throw ApiException.badRequest("'collateral' is not a QuoteCollateralV3 object: " + e.getMessage(),
                    "collateral");
        }
    }

    private static Instant at(JsonObject body, Instant now) {
        JsonValue value = body.get("at");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return now;
        }
        if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().signum() < 0
                || n.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_AT)) > 0) {
            throw ApiException.badRequest("'at' must be unix seconds between 0 and " + MAX_AT + ".", "at");
        }
        return Instant.ofEpochSecond(n.longValue());
    }
}
