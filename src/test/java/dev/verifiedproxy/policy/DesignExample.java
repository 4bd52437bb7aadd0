package dev.verifiedproxy.policy;

import dev.verifiedproxy.testing.Samples;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example policy file of measurements.md §3.5, read from the shared docs (never copied). */
final class DesignExample {

    private DesignExample() {
    }

    static JsonObject json() {
        Path doc = Samples.dir().resolve("../docs/measurements.md");
        String text;
        try {
            text = Files.readString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = text.indexOf("### 3.5");
        int start = text.indexOf("```json", section) + "```json".length();
        int end = text.indexOf("```", start);
        try (JsonReader reader = Json.createReader(new StringReader(text.substring(start, end)))) {
            return reader.readObject();
        }
    }

    /** The example with its Sigstore parts replaced by digest allow-lists (the supported provenance). */
    static JsonObject withoutSigstore() {
        JsonObject example = json();
        JsonArrayBuilder rules = Json.createArrayBuilder();
        for (JsonValue v : example.getJsonObject("images").getJsonArray("rules")) {
            JsonObject rule = v.asJsonObject();
            if (rule.getJsonObject("provenance").getString("type").equals("fulcio")) {
                rule = Json.createObjectBuilder(rule).add("provenance", Json.createObjectBuilder().add("type", "digest-allowlist")
                        .add("digests", Json.createArrayBuilder().add("sha256:" + "00".repeat(32)))).build();
            }
            rules.add(rule);
        }
        return Json.createObjectBuilder(example).add("images", Json.createObjectBuilder(example.getJsonObject("images"))
                .remove("sigstore").add("rules", rules)).build();
    }
}
