package dev.verifiedproxy.gpu;

import dev.verifiedproxy.net.FetchException;
import dev.verifiedproxy.net.FetchRequest;
import dev.verifiedproxy.testing.ScriptedFetcher;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NRAS exchange: the payload unchanged, bounds, which failures are retried and how. */
class NrasClientTest {

    private static final URI ATTEST = URI.create("https://nras.example/v3/attest/gpu");
    private final List<Duration> pauses = new ArrayList<>();
    private final ScriptedFetcher fetcher = new ScriptedFetcher();

    private NrasClient client(int attempts) {
        return new NrasClient(fetcher, new NrasClient.Settings(ATTEST, Duration.ofSeconds(7), 65536, attempts,
                Duration.ofMillis(250)), pauses::add);
    }

    private static FetchException failure(FetchException.Reason reason) {
        return new FetchException(reason, ATTEST, reason.name(), null);
    }

    @Test
    void thePayloadIsPostedUnchangedWithItsBounds() throws Exception {
        fetcher.answer("[[\"JWT\",\"t\"],{}]");
        String payload = "{\"nonce\" : \"ab\",\n \"évidence\": []}";
        NrasClient.Reply reply = client(3).attest(payload);
        assertEquals("[[\"JWT\",\"t\"],{}]", reply.body());
        assertEquals(1, reply.attempts());
        FetchRequest request = fetcher.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals(ATTEST, request.uri());
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8), request.body());
        assertEquals("application/json", request.headers().get("Content-Type"));
        assertEquals(Duration.ofSeconds(7), request.timeout());
        assertEquals(65536, request.maxResponseBytes());
        assertTrue(pauses.isEmpty());
    }

    @Test
    void timeoutsConnectionFailuresServerErrorsAndRateLimitsAreRetriedWithDoublingBackoff() throws Exception {
        fetcher.answer(failure(FetchException.Reason.TIMEOUT), failure(FetchException.Reason.UNREACHABLE),
                502, 429, failure(FetchException.Reason.IO), "[]");
        NrasClient.Reply reply = client(6).attest("{}");
        assertEquals(6, reply.attempts());
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4)), pauses);
    }

    @Test
    void theLastFailureIsReportedWhenAttemptsRunOut() {
        fetcher.answer(failure(FetchException.Reason.TIMEOUT));
        NrasClient.NrasException e = assertThrows(NrasClient.NrasException.class, () -> client(3).attest("{}"));
        assertEquals(GpuFailure.NRAS_TIMEOUT, e.reason());
        assertEquals(3, fetcher.requests().size());
        fetcher.reset();
        fetcher.answer(failure(FetchException.Reason.UNREACHABLE));
        assertEquals(GpuFailure.NRAS_UNREACHABLE, assertThrows(NrasClient.NrasException.class, () -> client(2).attest("{}")).reason());
        fetcher.reset();
        fetcher.answer(503);
        NrasClient.NrasException status = assertThrows(NrasClient.NrasException.class, () -> client(1).attest("{}"));
        assertEquals(GpuFailure.NRAS_HTTP_STATUS, status.reason());
        assertTrue(status.getMessage().contains("HTTP 503: {\"status\":503}"), status.getMessage());
    }

    @Test
    void clientErrorsAndOversizedAnswersAreNotRetried() {
        fetcher.answer(400);
        assertEquals(GpuFailure.NRAS_HTTP_STATUS, assertThrows(NrasClient.NrasException.class, () -> client(3).attest("{}")).reason());
        assertEquals(1, fetcher.requests().size());
        fetcher.reset();
        fetcher.answer(failure(FetchException.Reason.TOO_LARGE));
        assertEquals(GpuFailure.NRAS_RESPONSE_TOO_LARGE,
                assertThrows(NrasClient.NrasException.class, () -> client(3).attest("{}")).reason());
        assertEquals(1, fetcher.requests().size());
    }

    @Test
    void theBackoffIsCapped() throws Exception {
        fetcher.answer(500, 500, 500, 500, 500, 500, 500, 500, 500, "[]");
        new NrasClient(fetcher, new NrasClient.Settings(ATTEST, Duration.ofSeconds(1), 1024, 10, Duration.ofSeconds(10)),
                pauses::add).attest("{}");
        assertEquals(Duration.ofSeconds(30), pauses.get(pauses.size() - 1));
    }

    @Test
    void settingsAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new NrasClient.Settings(ATTEST, Duration.ofSeconds(1), 1024, 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new NrasClient.Settings(ATTEST, Duration.ofSeconds(1), 1024, 11, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new NrasClient.Settings(ATTEST, Duration.ofSeconds(1), 0, 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new NrasClient.Settings(ATTEST, Duration.ofSeconds(1), 1, 1, Duration.ofMillis(-1)));
    }
}
