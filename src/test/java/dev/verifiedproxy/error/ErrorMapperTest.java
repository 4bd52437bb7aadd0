package dev.verifiedproxy.error;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    @Test
    void apiExceptionKeepsItsStatusTypeParamAndCode() {
        ApiError error = new ApiError(502, "attestation of x.example failed: tls binding", "upstream_error", null,
                "attestation_failed");
        JsonObject body = json(mapper.toError(new ApiException(error)));
        assertEquals("attestation of x.example failed: tls binding", body.getString("message"));
        assertEquals("upstream_error", body.getString("type"));
        assertEquals("attestation_failed", body.getString("code"));
        assertTrue(body.isNull("param"));
    }

    @Test
    void badRequestNamesTheParameter() {
        ApiError error = mapper.toError(ApiException.badRequest("quote is neither hex nor base64", "quote"));
        assertEquals(400, error.status());
        assertEquals("quote", json(error).getString("param"));
        assertEquals("invalid_request_error", error.type());
    }

    @Test
    void jaxRsExceptionsKeepTheirStatus() {
        assertEquals(404, mapper.toError(new NotFoundException()).status());
        assertEquals("not_found_error", mapper.toError(new NotFoundException()).type());
        assertEquals(405, mapper.toError(new NotAllowedException("GET")).status());
    }

    @Test
    void malformedJsonIsABadRequest() {
        ApiError error = mapper.toError(new RuntimeException(new JsonParsingException("unexpected char", null)));
        assertEquals(400, error.status());
    }

    @Test
    void unexpectedFailuresHideTheirMessageAndGiveAReference() {
        ApiError error = mapper.toError(new IllegalStateException("secret sk-123 leaked into a message"));
        assertEquals(500, error.status());
        assertEquals("server_error", error.type());
        assertFalse(error.message().contains("sk-123"));
        assertTrue(error.message().contains("reference"));
    }

    @Test
    void statusesMapToOpenAiTypes() {
        assertEquals("authentication_error", ApiError.typeFor(401));
        assertEquals("permission_error", ApiError.typeFor(403));
        assertEquals("rate_limit_error", ApiError.typeFor(429));
        assertEquals("invalid_request_error", ApiError.typeFor(413));
        assertEquals("upstream_error", ApiError.typeFor(504));
        assertEquals("server_error", ApiError.typeFor(500));
    }

    private static JsonObject json(ApiError error) {
        JsonObject envelope = Json.createReader(new StringReader(error.toJson())).readObject();
        assertEquals(1, envelope.size());
        return envelope.getJsonObject("error");
    }
}
