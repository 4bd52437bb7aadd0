package dev.verifiedproxy.sigstore;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.verifiedproxy.json.JsonProviders.JSON;

/**
 * The captured Rekor entries in ../shared/samples/dstack (README.txt there, measurements.md §4.2) with the
 * results expected-results.json lists for them, and the public-good trusted root.
 */
final class RekorSamples {

    static final List<String> CAPTURES = List.of("near-cloud-api-2026-04-24", "near-cloud-api-2026-06-29",
            "near-direct-2026-06-29");

    private RekorSamples() {
    }

    /**
     * One captured entry response with its expected results.
     *
     * @param capture  the capture folder
     * @param file     the response body file name
     * @param expected its object in expected-results.json
     * @param at       the capture time
     */
    record Captured(String capture, String file, JsonObject expected, Instant at) {

        byte[] response() {
            return Samples.bytes("dstack/" + capture + "/responses/" + file);
        }

        RekorEntry entry() {
            try {
                return RekorEntries.parseOne(response());
            } catch (RekorFormatException e) {
                throw new AssertionError(file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return capture + "/" + file.substring(0, 4);
        }
    }

    static TrustedRoot trustedRoot() {
        return parseRoot(Samples.bytes("dstack/sigstore/trusted_root.json"));
    }

    static TrustedRoot parseRoot(byte[] json) {
        try {
            return TrustedRoot.parse(json);
        } catch (TrustedRootException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static JsonObject json(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Every log-entry response of the three captures, in file order (26: 13 + 9 + 4). */
    static List<Captured> entries() {
        JsonObject expected = json(Samples.text("dstack/expected-results.json"));
        List<Captured> out = new ArrayList<>();
        for (String capture : CAPTURES) {
            Instant at = Instant.parse(json(Samples.text("dstack/" + capture + "/manifest.json")).getString("captured_at"));
            for (JsonValue r : expected.getJsonObject(capture + "/responses/*rekor*").getJsonArray("results")) {
                JsonObject result = r.asJsonObject();
                if (result.containsKey("uuid")) {
                    out.add(new Captured(capture, result.getString("file"), result, at));
                }
            }
        }
        return out;
    }

    static Captured entry(String capture, String number) {
        return entries().stream().filter(c -> c.capture().equals(capture) && c.file().startsWith(number)).findFirst()
                .orElseThrow();
    }

    /** Entry 0027 of the 2026-04-24 capture: nearaidev/dstack-vpc-client, signed by its GitHub workflow. */
    static Captured vpcClient() {
        return entry("near-cloud-api-2026-04-24", "0027");
    }
}
