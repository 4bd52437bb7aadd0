package dev.verifiedproxy.verify;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The verdict endpoints' answers: JSON, never cached (each is about one moment). */
final class Verdicts {

    private Verdicts() {
    }

    static Response ok(JsonObject json) {
        return ok(json.toString());
    }

    static Response ok(String json) {
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }
}
