package dev.verifiedproxy.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on HTTP responses shared by the ITs. */
public final class HttpAsserts {

    private HttpAsserts() {
    }

    public static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** The response is an OpenAI-style error with this status and type, and no stack trace. */
    public static JsonObject assertOpenAiError(HttpResponse<String> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "error content type: " + response.headers().firstValue("Content-Type"));
        JsonObject error = json(response.body()).getJsonObject("error");
        assertEquals(type, error.getString("type"), response.body());
        assertFalse(error.getString("message").isBlank());
        assertFalse(response.body().contains("at dev.verifiedproxy"), "stack trace leaked: " + response.body());
        return error;
    }
}
