package dev.verifiedproxy.gpu;

import dev.verifiedproxy.json.JsonProviders;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;


/** Reads one untrusted JSON text (already bounded by whoever received it) into a JSON-P value. */
final class GpuJson {

    private GpuJson() {
    }

    /**
     * @param failure the reason to report when {@code json} is absent or not JSON
     * @param what    the document's name in messages
     */
    static JsonValue read(String json, GpuFailure failure, String what) throws GpuFormatException {
        if (json == null) {
            throw new GpuFormatException(failure, what + " is absent");
        }
        try (JsonReader reader = JsonProviders.reader(new StringReader(json))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw new GpuFormatException(failure, what + " is not JSON: " + e.getMessage());
        }
    }
}
